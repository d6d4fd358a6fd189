"""Choosing the dashboard's period: one the council reports on by name, or any two dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict

from earlyhelp.core.forms import DateField, GovukForm, GovukRadioSelect, Reveal
from earlyhelp.performance.periods import (
    DEFAULT_PRESET,
    LONGEST,
    PRESETS,
    Period,
    preset,
    year_problem,
)

CUSTOM = "custom"


class PeriodForm(GovukForm):
    """Sent by GET, so a period can be bookmarked and shared: no changes, no CSRF token."""

    period = forms.ChoiceField(
        label="Period", required=False, widget=GovukRadioSelect,
        choices=[*PRESETS.items(), (CUSTOM, "Choose the dates")],
        error_messages={"invalid_choice": "Choose a period from the list"},
    )
    first = DateField(subject="The first day", label="First day",
                      help_text="For example, 1 4 2026")
    last = DateField(subject="The last day", label="Last day",
                     help_text="For example, 31 3 2027")
    reveals = {"period": Reveal(value=CUSTOM, id="period-dates", fields=("first", "last"))}

    def __init__(self, data: QueryDict | None, *, today: dt.date, **kwargs: Any):
        # An empty query is the default period, never a form with mistakes.
        bound = data if data else None
        super().__init__(bound, initial={"period": DEFAULT_PRESET}, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        chosen = data.get("period") or ""
        if not chosen:
            # Dates typed without choosing the option (no JavaScript opens it) are still meant.
            chosen = CUSTOM if (first or last or self.has_date_errors) else DEFAULT_PRESET
            data["period"] = chosen
        if chosen != CUSTOM:
            return data
        if not first and "first" not in self.errors:
            self.add_error("first", "Enter the first day of the period")
        if not last and "last" not in self.errors:
            self.add_error("last", "Enter the last day of the period")
        for name, subject, day in (("first", "The first day", first),
                                   ("last", "The last day", last)):
            problem = year_problem(subject, day, self.today) if day else ""
            if problem:
                self.add_error(name, problem)
        if first and last and not self.has_date_errors:
            if last < first:
                self.add_error("last", "The last day must be the same as or after the first day")
            elif last - first > LONGEST:
                self.add_error("last", "The period must be 10 years or shorter")
        return data

    @property
    def has_date_errors(self) -> bool:
        return "first" in self.errors or "last" in self.errors

    def chosen(self) -> Period:
        """The period asked for; the default when the form is unbound. Call after is_valid()."""
        if not self.is_bound:
            return preset(DEFAULT_PRESET, self.today)
        data = self.cleaned_data
        if data["period"] == CUSTOM:
            return Period(data["first"], data["last"])
        return preset(data["period"], self.today)
