from django.urls import path

from earlyhelp.core import views

urlpatterns = [
    path("", views.home, name="home"),
]
