"""Audit pages, for managers."""

from django.urls import path

from earlyhelp.audit import views

app_name = "audit"
urlpatterns = [
    path("household/<int:household_id>/", views.household, name="household"),
]
