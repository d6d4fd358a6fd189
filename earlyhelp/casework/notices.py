"""The words of the messages casework sends: a reference, never a family's details."""

from __future__ import annotations

from django.utils import timezone

from earlyhelp.casework.models import Episode, StepUp


def stepped_up(episode: Episode, step_up: StepUp) -> dict[str, str]:
    """To the social care front door. Email is not a safe place for a family's details or the
    reason, so the reader signs in to see them."""
    when = timezone.localtime(step_up.stepped_up_at)
    return {
        "subject": f"Step-up to children's social care: early help episode {episode.reference}",
        "body": (
            f"An early help family has been stepped up to children's social care at "
            f"{when:%d/%m/%Y %H:%M}, because risk to a child has risen.\n\n"
            f"Sign in to earlyhelp and open early help episode {episode.reference} for the "
            f"reason, the family's chronology and their lead professional's contact details.\n"
        ),
    }
