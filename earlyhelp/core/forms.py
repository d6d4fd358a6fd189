"""GOV.UK forms: fields that know the ids their hint, error and options take, and every
mistake as the error summary lists it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Option:
    """One radio or checkbox, as the page shows it."""

    id: str
    value: Any
    label: str
    checked: bool
    hint: str = ""
    hint_id: str = ""
    reveals: str = ""  # the id of the questions this option opens, if any
    revealed: bool = False


@dataclass(frozen=True)
class Reveal:
    """Further questions that open when one option is chosen (the GOV.UK conditional reveal)."""

    value: str
    id: str
    fields: tuple[str, ...]


class GovukBoundField(forms.BoundField):
    """A field with the ids GOV.UK Frontend links together: hint, error and options."""

    form: GovukMixin

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint" if self.help_text else ""

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def described_by(self) -> str:
        """What aria-describedby names: the hint and, when there is one, the error."""
        return " ".join(filter(None, [self.hint_id, self.error_id if self.errors else ""]))

    @property
    def anchor(self) -> str:
        """The id the error summary links to: the field, or its first option or part."""
        widget = self.field.widget
        if isinstance(widget, forms.RadioSelect):
            return self.subwidgets[0].id_for_label if self.subwidgets else self.auto_id
        if isinstance(widget, DateInput):
            return f"{self.auto_id}_day"
        return self.auto_id

    @property
    def options(self) -> list[Option]:
        hints = self.form.option_hints.get(self.name, {})
        reveal = self.form.reveals.get(self.name)
        # Questions behind an option stay open while one of them is wrong, so its message shows.
        wrong_inside = reveal is not None and any(self.form[name].errors for name in reveal.fields)
        found = []
        for number, box in enumerate(self.subwidgets, start=1):
            value, checked = box.data["value"], box.data["selected"]
            hint = hints.get(str(value), "")
            opens = reveal.id if reveal is not None and str(value) == reveal.value else ""
            found.append(Option(
                id=box.id_for_label, value=value, label=box.choice_label, checked=checked,
                hint=hint, hint_id=f"{self.auto_id}-{number}-hint" if hint else "",
                reveals=opens, revealed=bool(opens) and (checked or wrong_inside),
            ))
        return found


class GovukRadioSelect(forms.RadioSelect):
    """Radios with GOV.UK Frontend's ids: the first takes the field's id, then <id>-2, <id>-3."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        if index is None or not id_:
            return ""
        return id_ if index == "0" else f"{id_}-{int(index) + 1}"


class GovukMixin(forms.BaseForm):
    """A form whose mistakes go in a GOV.UK error summary, each linking to its field."""

    bound_field_class = GovukBoundField
    # Hints under particular options: field name, then option value, then hint.
    option_hints: Mapping[str, Mapping[str, str]] = {}
    reveals: Mapping[str, Reveal] = {}

    def __iter__(self) -> Iterator[GovukBoundField]:
        for name in self.fields:
            yield self[name]

    def __getitem__(self, name: str) -> GovukBoundField:
        bound = super().__getitem__(name)
        assert isinstance(bound, GovukBoundField)
        return bound

    def add_problems(self, problems: Mapping[str, str]) -> None:
        """Put an action's refusals (InvalidInput) on the form, each against its field where
        the form has one. A field already showing a mistake keeps that one."""
        for name, message in problems.items():
            if name in self.fields:
                if name not in self.errors:
                    self.add_error(name, message)
            else:
                self.add_error(None, message)

    def error_summary(self, names: list[str] | None = None) -> list[tuple[str, str]]:
        """(id to link to, message) for each mistake, in the order the fields appear; one
        that belongs to no field links to the first."""
        # An error list yields its messages as text (lazy or not), never ValidationErrors.
        found = [(self[name].anchor, str(message))
                 for name in (self.fields if names is None else names)
                 for message in self.errors.get(name, [])]
        if names is None and self.fields:
            first = self[next(iter(self.fields))].anchor
            found += [(first, str(message)) for message in self.non_field_errors()]
        return found


class GovukForm(GovukMixin, forms.Form):
    pass


def _date_parts(value: Any) -> list[Any]:
    if isinstance(value, dt.date):
        return [value.day, value.month, value.year]
    return ["", "", ""]


class DateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year, typed as numbers."""

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(
            {"day": forms.TextInput(), "month": forms.TextInput(), "year": forms.TextInput()},
            attrs,
        )

    def decompress(self, value: Any) -> list[Any]:
        return _date_parts(value)


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with the GOV.UK messages for each mistake."""

    widget = DateInput

    def __init__(self, *, subject: str, **kwargs: Any):
        self.subject = subject
        kwargs.setdefault("required", False)
        super().__init__(
            fields=(forms.CharField(), forms.CharField(), forms.CharField()),
            require_all_fields=False, **kwargs,
        )
        for field in self.fields:
            field.required = False

    def compress(self, data_list: list[str]) -> dt.date | None:
        parts = [str(part or "").strip() for part in (data_list or ["", "", ""])]
        if not any(parts):
            return None
        missing = [name for name, part in zip(("day", "month", "year"), parts, strict=True)
                   if not part]
        if missing:
            raise ValidationError(f"{self.subject} must include a {' and a '.join(missing)}")
        day, month, year = parts
        if not all(part.isdigit() for part in parts):
            raise ValidationError(f"{self.subject} must be a real date")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self.subject} must be a real date") from None

    def prepare_value(self, value: Any) -> list[Any]:
        if isinstance(value, (list, tuple)):
            return list(value)
        return _date_parts(value)
