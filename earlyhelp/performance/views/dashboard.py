"""Performance pages: dashboard."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
