"""The review form: one progress question per need and one status per open plan action."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from earlyhelp.casework.actions.reviews import (
    ActionProgress,
    NeedProgress,
    ReviewInput,
    action_field,
    need_field,
)
from earlyhelp.casework.models import Progress
from earlyhelp.casework.queries.reviews import (
    ReviewSubject,
    action_owner,
    long_date,
)
from earlyhelp.casework.workflow import ActionStatus
from earlyhelp.core.forms import DateField, GovukBoundField, GovukForm, GovukRadioSelect
from earlyhelp.council.config import current


def _comment(label: str) -> forms.CharField:
    return forms.CharField(widget=forms.Textarea, required=False, label=label)


class ReviewForm(GovukForm):
    """Parses what was typed; whether it makes a review is the action's to say."""

    def __init__(self, *args: Any, subject: ReviewSubject, today: dt.date, **kwargs: Any):
        # The page's ids are the field names, so the action's reasons link to their fields.
        kwargs.setdefault("auto_id", "%s")
        kwargs.setdefault("initial", {
            "held_on": today, "next_review_on": current().timescales.next_review(today),
            **{action_field(a.pk): a.status for a in subject.actions},
        })
        super().__init__(*args, **kwargs)
        self.subject = subject
        fields: dict[str, forms.Field] = {
            "held_on": DateField(
                subject="The date the review was held", label="When was the review held?",
                help_text=f"For example, {today.day} {today.month} {today.year}",
            ),
            "attended": forms.CharField(
                widget=forms.Textarea, required=False, label="Who attended?",
                help_text="One person on each line, with their role or how they are related "
                "to the family, for example: Kelly Brown (mother)",
            ),
        }
        config = current()
        for need in subject.needs:
            label = need.described
            # The council's measure beside the question, so progress is judged against it.
            measure = config.met_when(need.code)
            fields[need_field(need.pk)] = forms.ChoiceField(
                choices=Progress.choices, widget=GovukRadioSelect, required=False,
                label=f"Progress on {label}", help_text=f"Met when: {measure}" if measure else "",
                error_messages={"invalid_choice": f"Choose the progress on {label}"},
            )
            fields[f"need_{need.pk}_comment"] = _comment(f"Comment on {label} (optional)")
        for action in subject.actions:
            fields[action_field(action.pk)] = forms.ChoiceField(
                choices=ActionStatus.choices, required=False, label=f"Status of: {action.what}",
                help_text=f"Who: {action_owner(action)}. By {long_date(action.due_on)}.",
                error_messages={"invalid_choice": "Choose one of the statuses listed"},
            )
            fields[f"action_{action.pk}_comment"] = _comment("Comment on this action (optional)")
            fields[f"action_{action.pk}_version"] = forms.IntegerField(
                required=False, widget=forms.HiddenInput,
            )
        fields["scaling_score"] = forms.IntegerField(
            required=False, label="New scaling score",
            help_text="From 0 to 10, as the family and the people at the review see it now",
            error_messages={"invalid": "The scaling score must be a whole number from 0 to 10"},
        )
        fields["decisions"] = forms.CharField(
            widget=forms.Textarea, required=False, label="Decisions (optional)",
            help_text="What the review agreed, including changes to the plan",
        )
        fields["next_review_on"] = DateField(
            subject="The date of the next review", label="Date of the next review",
            help_text=f"Usually {current().timescales.review_interval_weeks} weeks after this "
            "review",
        )
        self.fields.update(fields)

    def need_rows(self) -> list[tuple[GovukBoundField, GovukBoundField]]:
        return [(self[need_field(n.pk)], self[f"need_{n.pk}_comment"])
                for n in self.subject.needs]

    def action_rows(self) -> list[tuple[Any, GovukBoundField, GovukBoundField]]:
        return [(a, self[action_field(a.pk)], self[f"action_{a.pk}_comment"])
                for a in self.subject.actions]

    def review_input(self) -> ReviewInput:
        """What was given, with None for anything missing or that could not be read."""
        data = getattr(self, "cleaned_data", {})
        return ReviewInput(
            held_on=data.get("held_on"), attended=data.get("attended", ""),
            scaling_score=data.get("scaling_score"), next_review_on=data.get("next_review_on"),
            decisions=data.get("decisions", ""),
            needs=[NeedProgress(need_id=n.pk, progress=data.get(need_field(n.pk)) or None,
                                comment=data.get(f"need_{n.pk}_comment", ""))
                   for n in self.subject.needs],
            actions=[ActionProgress(action_id=a.pk, status=data.get(action_field(a.pk)) or None,
                                    comment=data.get(f"action_{a.pk}_comment", ""),
                                    version=data.get(f"action_{a.pk}_version"))
                     for a in self.subject.actions],
        )
