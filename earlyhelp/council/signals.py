"""After every migrate, the database holds the council file's wards, agencies and teams."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections

from earlyhelp.council.actions import apply_config
from earlyhelp.council.config import current
from earlyhelp.council.models import Team


def apply_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # Migrating back to zero leaves no tables to write to.
    if Team._meta.db_table not in connections[using].introspection.table_names():
        return
    apply_config(current(), using=using)
