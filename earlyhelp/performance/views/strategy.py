"""Performance pages: strategy."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
