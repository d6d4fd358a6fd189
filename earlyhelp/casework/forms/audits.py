"""The monthly case audit form: the month, the council's checklist, a grade and comments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError

from earlyhelp.casework.actions.audits import ANSWERS, answer_field, first_of_month
from earlyhelp.casework.models import Grade
from earlyhelp.core.forms import GovukBoundField, GovukForm, GovukRadioSelect
from earlyhelp.council.config import current

# How far back the month list goes: audits look at the recent work on a case.
MONTHS_OFFERED = 12


def month_value(month: dt.date) -> str:
    return f"{month:%Y-%m}"


class MonthField(forms.CharField):
    """A month chosen from a list, sent as "YYYY-MM"; any real month parses, and the action
    says whether it may be audited."""

    def __init__(self, *, choices: list[tuple[str, str]], **kwargs: Any):
        super().__init__(**kwargs)
        self.choices = choices

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return dt.datetime.strptime(text, "%Y-%m").date()
        except ValueError:
            raise ValidationError("Choose the month audited from the list") from None


def month_choices(opened: dt.date, today: dt.date, audited: set[dt.date]) -> list[tuple[str, str]]:
    """This month back to the episode's first (at most a year), newest first; a month already
    audited says so."""
    month = first_of_month(today)
    earliest = max(first_of_month(opened), month - relativedelta(months=MONTHS_OFFERED - 1))
    found = []
    while month >= earliest:
        label = f"{month:%B %Y}" + (" (already audited)" if month in audited else "")
        found.append((month_value(month), label))
        month -= relativedelta(months=1)
    return found


class AuditForm(GovukForm):
    month = MonthField(choices=[], required=False, label="Month audited")
    grade = forms.ChoiceField(
        choices=Grade.choices, required=False, widget=GovukRadioSelect, label="Grade",
    )
    comments = forms.CharField(
        widget=forms.Textarea, required=False, label="Comments",
        help_text="What is working well on this case, what needs to improve, and by when.",
    )

    def __init__(self, *args: Any, months: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        month = self.fields["month"]
        assert isinstance(month, MonthField)
        month.choices = months
        # The council's checklist, one yes / partly / no question each, before the grade.
        answers = {
            answer_field(item.code): forms.ChoiceField(
                choices=list(ANSWERS.items()), required=False, widget=GovukRadioSelect,
                label=item.question,
            )
            for item in current().audit_checklist
        }
        self.fields = {"month": month, **answers, "grade": self.fields["grade"],
                       "comments": self.fields["comments"]}

    @property
    def answer_fields(self) -> list[GovukBoundField]:
        return [self[name] for name in self.fields if name.startswith("answer_")]

    def answers(self) -> dict[str, str]:
        """Checklist code -> answer, from the cleaned form."""
        return {item.code: self.cleaned_data.get(answer_field(item.code)) or ""
                for item in current().audit_checklist}
