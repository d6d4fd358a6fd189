"""Signing in and out, the second factor, and the user's own account."""

from django.urls import path

from earlyhelp.access import views

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("sign-in/code/", views.verify_code, name="second_factor"),
    path("sign-in/set-up-code/", views.set_up_code, name="second_factor_set_up"),
    path("account/", views.account, name="account"),
]
