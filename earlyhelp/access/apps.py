"""Who may do and see what: users, roles, relationships, login and second factor."""

from importlib import import_module

from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "earlyhelp.access"
    label = "access"

    def ready(self) -> None:
        # Connects the audit receivers for signing in and out; models must be loaded first.
        import_module("earlyhelp.access.signals")
