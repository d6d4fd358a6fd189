"""Casework: episodes of early help from allocation to closure."""

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "earlyhelp.casework"
    label = "casework"

    def ready(self) -> None:
        # The receivers import models, which exist only once the app registry is ready.
        from earlyhelp.casework import signals  # noqa: F401, PLC0415
