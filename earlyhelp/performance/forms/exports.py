"""The exports page's forms: Ofsted's Annex A, and the analysts' extracts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from earlyhelp.core.forms import DateField, GovukForm, GovukRadioSelect
from earlyhelp.performance.periods import year_problem
from earlyhelp.performance.queries.annex_a import LISTS
from earlyhelp.performance.queries.extracts import EXTRACTS

LIST_NAMES = {1: "List 1: contacts", 2: "List 2: early help", 3: "List 3: referrals"}


def in_reported_years(subject: str, value: dt.date) -> dt.date:
    """The date, if it is in a year reports cover; else the reason, for the form."""
    problem = year_problem(subject, value, timezone.localdate())
    if problem:
        raise forms.ValidationError(problem)
    return value


class AnnexAForm(GovukForm):
    as_of = DateField(subject="The as-of date", label="Date the six months run up to",
                      help_text="Usually the day before the inspection is announced. "
                                "For example, 31 10 2026")
    lists = forms.MultipleChoiceField(
        choices=[(str(number), LIST_NAMES[number]) for number in LISTS], required=False,
        widget=forms.CheckboxSelectMultiple, label="Lists", help_text="Select all that apply",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("prefix", "annex")
        super().__init__(*args, **kwargs)

    def clean_as_of(self) -> dt.date:
        value = self.cleaned_data.get("as_of")
        if value is None:
            raise forms.ValidationError("Enter the date the six months run up to")
        return in_reported_years("The as-of date", value)

    def clean_lists(self) -> list[int]:
        chosen = self.cleaned_data.get("lists") or []
        if not chosen:
            raise forms.ValidationError("Select at least one list")
        return sorted(int(number) for number in chosen)


class ExtractForm(GovukForm):
    extract = forms.ChoiceField(
        choices=[(name, kind.title) for name, kind in EXTRACTS.items()], required=False,
        widget=GovukRadioSelect, label="Extract",
    )
    first = DateField(subject="The first day", label="First day",
                      help_text="Records whose main date is on or after this day. "
                                "For example, 1 4 2025")
    last = DateField(subject="The last day", label="Last day",
                     help_text="Records whose main date is on or before this day. "
                               "For example, 31 3 2026")

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("prefix", "extract")
        super().__init__(*args, **kwargs)

    def clean_extract(self) -> str:
        value = self.cleaned_data.get("extract") or ""
        if not value:
            raise forms.ValidationError("Select an extract")
        return str(value)

    def clean_first(self) -> dt.date:
        value = self.cleaned_data.get("first")
        if value is None:
            raise forms.ValidationError("Enter the first day")
        return in_reported_years("The first day", value)

    def clean_last(self) -> dt.date:
        value = self.cleaned_data.get("last")
        if value is None:
            raise forms.ValidationError("Enter the last day")
        in_reported_years("The last day", value)
        first = self.cleaned_data.get("first")
        if first is not None and value < first:
            raise forms.ValidationError("The last day must be the same as or after the first day")
        return value
