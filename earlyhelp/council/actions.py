"""Bringing the database's wards, agencies and teams into line with the council file."""

from django.db import transaction

from earlyhelp.council.config import CouncilConfig
from earlyhelp.council.models import Agency, Team, Ward


def apply_config(config: CouncilConfig, using: str = "default") -> None:
    """Create or rename wards, agencies and teams; nothing is deleted (records refer to them)."""
    with transaction.atomic(using=using):
        for ward in config.wards:
            Ward.objects.using(using).update_or_create(
                code=ward.code, defaults={"name": ward.name}
            )
        for agency in config.agencies:
            Agency.objects.using(using).update_or_create(
                code=agency.code, defaults={"name": agency.name, "kind": agency.kind}
            )
        agencies = {a.code: a for a in Agency.objects.using(using)}
        for team in config.teams:
            Team.objects.using(using).update_or_create(
                code=team.code, defaults={"name": team.name, "agency": agencies[team.agency]}
            )
