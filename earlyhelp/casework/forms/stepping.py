"""The forms for a step-up to social care and the edge-of-care flag."""

from __future__ import annotations

from django import forms

from earlyhelp.casework.models import EdgeOfCare
from earlyhelp.core.forms import GovukForm, GovukRadioSelect

# The radio for clearing the flag: the episode stores it as empty.
NOT_EDGE_OF_CARE = "none"


class StepUpForm(GovukForm):
    reason = forms.CharField(
        label="Why does this family need children's social care?", required=False,
        widget=forms.Textarea,
        help_text="What has changed, the risk to each child, and what early help has tried",
    )


class EdgeOfCareForm(GovukForm):
    edge_of_care = forms.ChoiceField(
        label="Is this family on the edge of care?",
        choices=[*EdgeOfCare.choices, (NOT_EDGE_OF_CARE, "Not edge of care")],
        widget=GovukRadioSelect, required=False,
        error_messages={"invalid_choice": "Choose whether the family is on the edge of care"},
    )
    reason = forms.CharField(
        label="Why?", required=False, widget=forms.Textarea,
        help_text="This is kept as a significant event in the family's case notes",
    )

    @property
    def kind(self) -> str | None:
        """The kind chosen, "" for not edge of care, None when nothing was chosen (which the
        action refuses with its reason)."""
        value = self.cleaned_data.get("edge_of_care")
        if not value:
            return None
        return "" if value == NOT_EDGE_OF_CARE else str(value)
