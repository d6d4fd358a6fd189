"""Forms for the Children and Family Panel: scheduling one, choosing one, recording a case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from earlyhelp.access.models import User
from earlyhelp.casework.models import Panel
from earlyhelp.core.forms import DateField, GovukForm
from earlyhelp.council.models import Agency


def _who(user: User) -> str:
    where = user.agency.name if user.agency else ""
    return f"{user.get_full_name()} ({user.get_role_display()}, {where})" if where else (
        f"{user.get_full_name()} ({user.get_role_display()})"
    )


def panel_when(panel: Panel) -> str:
    """"Monday 16 November 2026 at 10:00, Room 3"."""
    when = f"{timezone.localtime(panel.meets_at):%A %-d %B %Y at %H:%M}"
    return f"{when}, {panel.location}" if panel.location else when


class TimeField(forms.CharField):
    """A time of day typed as 10:00 or 14.30 (24-hour clock), or 2pm / 2:30pm."""

    FORMATS = ("%H:%M", "%H.%M", "%I:%M%p", "%I.%M%p", "%I%p")

    def to_python(self, value: Any) -> dt.time | None:  # type: ignore[override]
        text = str(value or "").strip().lower().replace(" ", "")
        if not text:
            return None
        for pattern in self.FORMATS:
            try:
                return dt.datetime.strptime(text, pattern).time()
            except ValueError:
                continue
        raise ValidationError("Enter the time the panel starts, like 10:00 or 14:30")


class ScheduleForm(GovukForm):
    meets_on = DateField(subject="The date the panel meets", label="Date",
                         help_text="For example, 16 11 2026")
    starts_at = TimeField(label="Start time", required=False,
                          help_text="Use the 24-hour clock, for example 10:00 or 14:30")
    location = forms.CharField(label="Where the panel meets", required=False, max_length=200,
                               help_text="A room, or how to join online")
    chair = forms.ChoiceField(label="Chair", required=False,
                              error_messages={"invalid_choice": "Choose a chair from the list"})
    members = forms.MultipleChoiceField(
        label="Members", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Select everyone invited: staff and partner agencies",
        error_messages={"invalid_choice": "Choose members from the list"},
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea,
                            help_text="Apologies and any general business")

    def __init__(self, *args: Any, chairs: list[User], members: list[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._users = {str(user.pk): user for user in [*chairs, *members]}
        chair = self.fields["chair"]
        assert isinstance(chair, forms.ChoiceField)
        chair.choices = [("", "Choose the chair")] + [(str(u.pk), _who(u)) for u in chairs]
        box = self.fields["members"]
        assert isinstance(box, forms.ChoiceField)
        box.choices = [(str(u.pk), _who(u)) for u in members]

    def chosen_chair(self) -> User | None:
        return self._users.get(self.cleaned_data.get("chair") or "")

    def chosen_members(self) -> list[User]:
        return [self._users[pk] for pk in self.cleaned_data.get("members") or []]


class ListForm(GovukForm):
    panel = forms.ChoiceField(
        label="Which panel?", required=False,
        error_messages={"invalid_choice": "Choose a panel from the list"},
    )

    def __init__(self, *args: Any, panels: list[Panel], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._panels = {str(panel.pk): panel for panel in panels}
        choice = self.fields["panel"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = [(str(p.pk), panel_when(p)) for p in panels]
        if panels:
            self.initial.setdefault("panel", str(panels[0].pk))

    def chosen_panel(self) -> Panel | None:
        return self._panels.get(self.cleaned_data.get("panel") or "")


class DecisionForm(GovukForm):
    decision = forms.CharField(label="Decision", required=False, widget=forms.Textarea,
                               help_text="What the panel decided, and why")
    lead_professional = forms.ChoiceField(
        label="Lead professional appointed", required=False,
        help_text="A worker of the service or a partner who uses it",
        error_messages={"invalid_choice": "Choose a lead professional from the list"},
    )
    lead_professional_name = forms.CharField(
        label="Or a partner's lead professional: their name", required=False, max_length=200,
        help_text="Only if they are not in the list above",
    )
    lead_agency = forms.ChoiceField(
        label="Their agency", required=False,
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )
    agreed_actions = forms.CharField(label="Agreed actions", required=False,
                                     widget=forms.Textarea,
                                     help_text="Who will do what, and by when")

    def __init__(self, *args: Any, leads: list[User], agencies: list[Agency], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._leads = {str(user.pk): user for user in leads}
        self._agencies = {str(agency.pk): agency for agency in agencies}
        lead = self.fields["lead_professional"]
        assert isinstance(lead, forms.ChoiceField)
        lead.choices = [("", "None chosen")] + [(str(u.pk), _who(u)) for u in leads]
        agency = self.fields["lead_agency"]
        assert isinstance(agency, forms.ChoiceField)
        agency.choices = [("", "Choose the agency")] + [(str(a.pk), a.name) for a in agencies]

    def chosen_lead(self) -> User | None:
        return self._leads.get(self.cleaned_data.get("lead_professional") or "")

    def chosen_agency(self) -> Agency | None:
        return self._agencies.get(self.cleaned_data.get("lead_agency") or "")
