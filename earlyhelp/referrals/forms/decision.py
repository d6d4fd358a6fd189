"""Forms for the front door's choices: matching a named person, and the duty manager's decision."""

from __future__ import annotations

from typing import Any

from django import forms

from earlyhelp.core.forms import GovukForm, GovukRadioSelect
from earlyhelp.council.config import current
from earlyhelp.referrals.models import Level, NoFurtherActionReason, Outcome

# The outcome each level usually leads to, shown as a hint beside each outcome.
OUTCOME_HINTS = {
    Outcome.ALTERNATIVE_HELP: "Usual for level 1: signposting to universal or community "
    "services, with a keep-in-touch call each month for an agreed period.",
    Outcome.TEAM_AROUND_FAMILY: "Usual for level 2: a Team Around the Family led by a "
    "partner's lead professional, the weekly Children and Family Panel, or another early help "
    "service such as youth offending prevention.",
    Outcome.INTENSIVE_SUPPORT: "Usual for level 3: an early help practitioner as lead "
    "professional, for up to 12 months.",
    Outcome.SOCIAL_CARE: "Usual for level 4: the request goes to children's social care and "
    "the referrer is told.",
}


class MatchForm(forms.Form):
    CONFIRM, REJECT, NEW = "confirm", "reject", "new"

    choice = forms.ChoiceField(choices=[
        (CONFIRM, "This is the same person"),
        (REJECT, "Not this person"),
        (NEW, "None of these: create a new record"),
    ])
    candidate = forms.IntegerField(required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("choice") in (self.CONFIRM, self.REJECT) and not data.get("candidate"):
            self.add_error("candidate", "Choose which suggested record you mean")
        return data


class DecisionForm(GovukForm):
    level = forms.TypedChoiceField(
        coerce=int, choices=Level.choices, widget=GovukRadioSelect, label="Level of need",
        error_messages={"required": "Choose a level of need"},
    )
    outcome = forms.TypedChoiceField(
        coerce=int, choices=Outcome.choices, widget=GovukRadioSelect, label="Outcome",
        error_messages={"required": "Choose one of the four outcomes"},
    )
    outcome_detail = forms.CharField(
        required=False, max_length=300, label="Outcome detail",
        help_text="For example which service, which panel date, or which lead professional.",
    )
    reason = forms.CharField(
        widget=forms.Textarea, label="Reason for the decision",
        error_messages={"required": "Explain the decision"},
    )
    level_differs_reason = forms.CharField(
        widget=forms.Textarea, required=False,
        label="Why does your level differ from the suggestion?",
        help_text="Only needed if you chose a level other than the one suggested.",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        # The page's ids are the field names, as the front door's links and bookmarks use.
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        config = current()
        self.option_hints = {
            "level": {str(value): config.level(value).descriptor for value in Level.values},
            "outcome": {str(value): hint for value, hint in OUTCOME_HINTS.items()},
        }


class NoFurtherActionForm(GovukForm):
    no_further_action_reason = forms.ChoiceField(
        choices=NoFurtherActionReason.choices, widget=GovukRadioSelect,
        label="Why is no further action needed?",
        error_messages={"required": "Choose why no further action is needed"},
    )
    reason = forms.CharField(
        widget=forms.Textarea, label="Explanation",
        error_messages={"required": "Explain the decision"},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
