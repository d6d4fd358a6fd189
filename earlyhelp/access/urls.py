from django.contrib.auth import views as auth_views
from django.urls import path

from earlyhelp.access import views

urlpatterns = [
    path("sign-in/", auth_views.LoginView.as_view(template_name="access/login.html"), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
]
