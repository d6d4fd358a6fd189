"""Forms for closing an episode, signing it off or returning it, and a keep-in-touch call."""

from __future__ import annotations

from typing import Any

from django import forms

from earlyhelp.casework.actions.closure import CLOSE_REASONS, need_field
from earlyhelp.casework.models import Closure, Feedback, Need
from earlyhelp.core.forms import GovukBoundField, GovukForm, GovukRadioSelect
from earlyhelp.council.config import current

YES_NO = [("yes", "Yes"), ("no", "No")]
_ANSWER = {"yes": True, "no": False}


def _yes_no(value: Any) -> bool | None:
    return _ANSWER.get(str(value or ""))


class CloseForm(GovukForm):
    """Every field is optional here: the action names each one missing, all at once."""

    reason = forms.ChoiceField(
        choices=[(reason.value, reason.label) for reason in CLOSE_REASONS], required=False,
        widget=GovukRadioSelect, label="Why is the episode closing?",
        help_text="To step the family up to social care, use the step-up page instead.",
    )
    summary = forms.CharField(
        widget=forms.Textarea, required=False, label="Summary of the work and how it ended",
    )
    things_better = forms.ChoiceField(
        choices=Feedback.choices, required=False, widget=GovukRadioSelect,
        label="Did things get better?", help_text="Ask the family in their own words.",
    )
    listened_to = forms.ChoiceField(
        choices=Feedback.choices, required=False, widget=GovukRadioSelect,
        label="Were you listened to?", help_text="Ask the family in their own words.",
    )
    family_comment = forms.CharField(
        widget=forms.Textarea, required=False, label="What the family said (optional)",
        help_text="Their own words about the help they had.",
    )

    def __init__(self, *args: Any, needs: list[Need], **kwargs: Any):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.needs = needs
        # Each need's question follows the summary, in the order the assessment found them,
        # with the council's measure of it met as the hint.
        config = current()
        fields: dict[str, forms.Field] = {}
        for name, field in self.fields.items():
            fields[name] = field
            if name == "summary":
                for need in needs:
                    measure = config.met_when(need.code)
                    fields[need_field(need)] = forms.ChoiceField(
                        choices=YES_NO, required=False, widget=GovukRadioSelect,
                        label=f"Was this need met? {need.described}",
                        help_text=f"Met when: {measure}" if measure else "",
                    )
        self.fields = fields

    @classmethod
    def initial_for(cls, closure: Closure | None, needs: list[Need]) -> dict[str, Any]:
        """A returned closure's answers, so the worker changes only what the manager asked."""
        initial: dict[str, Any] = {
            need_field(need): "yes" if need.met else "no"
            for need in needs if need.met is not None
        }
        if closure is not None:
            initial.update({need_field(need): "yes" if closure.needs_met[str(need.pk)] else "no"
                            for need in needs if str(need.pk) in closure.needs_met})
            initial.update(reason=closure.reason, summary=closure.summary,
                           things_better=closure.things_better,
                           listened_to=closure.listened_to,
                           family_comment=closure.family_comment)
        return initial

    @property
    def need_fields(self) -> list[GovukBoundField]:
        return [self[need_field(need)] for need in self.needs]

    def needs_met(self) -> dict[int, bool | None]:
        return {need.pk: _yes_no(self.cleaned_data.get(need_field(need))) for need in self.needs}


class ReturnClosureForm(GovukForm):
    returned_reason = forms.CharField(
        widget=forms.Textarea, required=False, label="What needs to happen before it can close?",
        help_text="The worker sees this on the closing page.",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)


class KeepInTouchForm(GovukForm):
    outcome = forms.CharField(
        widget=forms.Textarea, required=False, label="What did the family tell you?",
        help_text="How things are going, and whether the help they were pointed to worked.",
    )
    more_help = forms.ChoiceField(
        choices=YES_NO, required=False, widget=GovukRadioSelect,
        label="Does the family need more help?",
        help_text="If yes, you can make a new request for support once the call is recorded.",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)

    def more_help_answer(self) -> bool | None:
        return _yes_no(self.cleaned_data.get("more_help"))
