"""The council app: its start-up check, and the configuration written after every migrate."""

from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate

from earlyhelp.council.checks import council_file


class CouncilConfigApp(AppConfig):
    name = "earlyhelp.council"
    label = "council"
    verbose_name = "Council configuration"

    def ready(self) -> None:
        # The handler's module imports models, which can only load once the registry is ready.
        from earlyhelp.council.signals import apply_after_migrate  # noqa: PLC0415

        checks.register(council_file, "council")
        post_migrate.connect(apply_after_migrate, sender=self)
