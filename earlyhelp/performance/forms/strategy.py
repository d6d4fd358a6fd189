"""Forms for the strategy action plan: a theme, an action, its details and its status."""

from __future__ import annotations

from typing import Any

from django import forms

from earlyhelp.core.forms import DateField, GovukForm, GovukRadioSelect
from earlyhelp.performance.models import StrategyAction, Theme
from earlyhelp.performance.workflow import DESCRIPTIONS, Brag

STATUS_HINTS = {status.value: description for status, description in DESCRIPTIONS.items()}


def _data(form: forms.BaseForm) -> dict[str, Any]:
    """What was typed and could be read, even when some of it could not."""
    return getattr(form, "cleaned_data", {}) or {}


class ThemeForm(GovukForm):
    title = forms.CharField(label="Theme", required=False,
                            help_text="As the strategy words it, for example "
                            "“Help me learn and achieve my goals”.")

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)

    def title_typed(self) -> str:
        return _data(self).get("title") or ""


class ActionForm(GovukForm):
    """A new action: its theme, number, what it is, who leads it, when and how it starts."""

    option_hints = {"status": STATUS_HINTS}

    theme = forms.ChoiceField(label="Theme", required=False)
    number = forms.CharField(label="Number", required=False,
                             help_text="Its number in the plan, for example 1.3")
    title = forms.CharField(label="What is the action?", required=False, widget=forms.Textarea)
    owner = forms.CharField(label="Who leads it?", required=False,
                            help_text="The officer or partner who answers for it, for "
                            "example “Head of Early Help”.")
    due_on = DateField(subject="The due date", label="Due by", help_text="For example, 31 3 2027")
    status = forms.ChoiceField(label="Starting status", required=False, widget=GovukRadioSelect,
                               choices=Brag.choices, initial=Brag.GREEN)

    def __init__(self, *args: Any, themes: list[Theme], **kwargs: Any):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.themes = {str(theme.pk): theme for theme in themes}
        field = self.fields["theme"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose a theme"),
                         *((str(theme.pk), theme.title) for theme in themes)]

    def values(self) -> dict[str, Any]:
        data = _data(self)
        return {
            "theme": self.themes.get(data.get("theme") or ""),
            "number": data.get("number") or "", "title": data.get("title") or "",
            "owner": data.get("owner") or "", "due_on": data.get("due_on"),
            "status": data.get("status") or "",
        }


class EditForm(GovukForm):
    """What an action says, who leads it and when it is due."""

    title = forms.CharField(label="What is the action?", required=False, widget=forms.Textarea)
    owner = forms.CharField(label="Who leads it?", required=False)
    due_on = DateField(subject="The due date", label="Due by", help_text="For example, 31 3 2027")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, action: StrategyAction) -> dict[str, Any]:
        return {"title": action.title, "owner": action.owner, "due_on": action.due_on,
                "version": action.version}

    def values(self) -> dict[str, Any]:
        data = _data(self)
        return {"title": data.get("title") or "", "owner": data.get("owner") or "",
                "due_on": data.get("due_on")}

    def seen_version(self) -> int:
        return _data(self).get("version") or 0


class StatusForm(GovukForm):
    """A new status, and why."""

    option_hints = {"status": STATUS_HINTS}

    status = forms.ChoiceField(label="New status", required=False, widget=GovukRadioSelect,
                               choices=Brag.choices)
    note = forms.CharField(label="Why is the status changing?", required=False,
                           widget=forms.Textarea,
                           help_text="What has happened: the committee reads this beside the "
                           "status.")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)

    def values(self) -> dict[str, str]:
        data = _data(self)
        return {"status": data.get("status") or "", "note": data.get("note") or ""}

    def seen_version(self) -> int:
        return _data(self).get("version") or 0
