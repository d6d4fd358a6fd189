"""The allocation form: a team, and a worker of the service or a partner's lead professional."""

from __future__ import annotations

from typing import Any

from django import forms

from earlyhelp.access.models import User
from earlyhelp.casework.queries.episodes import AllocationPage
from earlyhelp.core.forms import GovukBoundField, GovukForm, GovukRadioSelect, Option
from earlyhelp.council.models import Agency, Team


def caseload(worker: Any) -> str:
    families, children = worker.families, worker.children
    return (f"{families} famil{'ies' if families != 1 else 'y'}, "
            f"{children} child{'ren' if children != 1 else ''}")


class AllocationForm(GovukForm):
    team = forms.ChoiceField(
        required=False, label="Team",
        help_text="The team that will hold this family.",
    )
    worker = forms.ChoiceField(
        required=False, widget=GovukRadioSelect, label="Lead professional",
        help_text="Each worker's current caseload: the open families they lead and the "
        "children in them.",
    )
    lead_professional_name = forms.CharField(
        required=False, max_length=200, label="Name of the partner's lead professional",
        help_text="Only for a Team Around the Family led by a partner agency (outcome 2); "
        "leave the lead professional above unchosen.",
    )
    lead_agency = forms.ChoiceField(required=False, label="Their agency")
    reason = forms.CharField(
        required=False, widget=forms.Textarea, label="Reason for the change",
        help_text="Needed when the family moves to a different worker.",
    )

    def __init__(self, page: AllocationPage, *args: Any, **kwargs: Any):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.page = page
        self._teams: dict[str, Team] = {str(t.pk): t for t in page.teams}
        self._workers: dict[str, User] = {
            str(w.pk): w for group in page.groups for w in group.workers
        }
        self._agencies: dict[str, Agency] = {str(a.pk): a for a in page.agencies}
        self._set_choices("team", [("", "Choose a team")] + [
            (key, team.name) for key, team in self._teams.items()
        ])
        self._set_choices("worker", [
            (key, w.get_full_name()) for key, w in self._workers.items()
        ])
        self._set_choices("lead_agency", [("", "Choose an agency")] + [
            (key, agency.name) for key, agency in self._agencies.items()
        ])
        self.option_hints = {"worker": {key: f"{w.get_role_display()}: {caseload(w)}"
                                        for key, w in self._workers.items()}}
        if not self.is_bound:
            episode = page.episode
            suggested = page.panel_hint.case.lead_professional if page.panel_hint else None
            worker = episode.lead_worker or suggested
            team = episode.team or (worker.team if worker else None)
            self.initial = {
                "team": str(team.pk) if team else "",
                "worker": str(worker.pk) if worker else "",
                "lead_professional_name": episode.lead_professional_name,
                "lead_agency": str(episode.lead_agency_id or ""),
            }

    def _set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def worker_groups(self) -> list[tuple[Team, list[Option]]]:
        """The worker radios under a heading for each team, in the order of the choices (so
        the error summary's link to the first radio still lands on it)."""
        bound: GovukBoundField = self["worker"]
        options = {str(option.value): option for option in bound.options}
        return [(group.team, [options[str(w.pk)] for w in group.workers])
                for group in self.page.groups]

    def clean_team(self) -> Team | None:
        return self._teams.get(self.cleaned_data["team"])

    def clean_worker(self) -> User | None:
        return self._workers.get(self.cleaned_data["worker"])

    def clean_lead_agency(self) -> Agency | None:
        return self._agencies.get(self.cleaned_data["lead_agency"])
