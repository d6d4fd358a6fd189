"""Forms for the family plan's actions: the whole action, or a partner's status and progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from earlyhelp.casework.actions.plan import OWNER_FIELDS, ActionFields
from earlyhelp.casework.models import ActionOwner, PlanAction
from earlyhelp.casework.queries.plan import ActionChoices
from earlyhelp.casework.workflow import ActionStatus
from earlyhelp.core.forms import DateField, GovukBoundField, GovukForm, GovukRadioSelect, Option


@dataclass
class OwnerOption:
    """One "who will do it" radio and the question it opens."""

    option: Option
    field: GovukBoundField
    reveal_id: str
    revealed: bool


class ActionForm(GovukForm):
    need = forms.ChoiceField(label="Which need is this action for?", required=False)
    what = forms.CharField(
        label="What will be done?", required=False, widget=forms.Textarea,
        help_text="Specific and measurable: what will happen, and how everyone will know it "
        "has.",
    )
    owner_kind = forms.ChoiceField(
        label="Who will do it?", required=False, widget=GovukRadioSelect,
        choices=ActionOwner.choices,
    )
    owner_user = forms.ChoiceField(label="Worker", required=False)
    owner_agency = forms.ChoiceField(label="Partner agency", required=False)
    owner_person = forms.ChoiceField(label="Family member", required=False)
    due_on = DateField(subject="The date it will be done by", label="By when?",
                       help_text="For example, 27 3 2027")
    status = forms.ChoiceField(
        label="Status", required=False, widget=GovukRadioSelect, choices=ActionStatus.choices,
        initial=ActionStatus.NOT_STARTED,
    )
    progress = forms.CharField(
        label="Latest progress", required=False, widget=forms.Textarea,
        help_text="What has happened so far, in a sentence or two.",
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: ActionChoices, **kwargs: Any):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.choices = choices
        for name, options, blank in (
            ("need", choices.needs, "Choose a need"),
            ("owner_user", choices.workers, "Choose a worker"),
            ("owner_agency", choices.agencies, "Choose an agency"),
            ("owner_person", choices.family, "Choose a family member"),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", blank), *options]

    @classmethod
    def initial_for(cls, action: PlanAction) -> dict[str, Any]:
        return {
            "need": str(action.need_id), "what": action.what, "owner_kind": action.owner_kind,
            "owner_user": str(action.owner_user_id or ""),
            "owner_agency": str(action.owner_agency_id or ""),
            "owner_person": str(action.owner_person_id or ""), "due_on": action.due_on,
            "status": action.status, "progress": action.progress, "version": action.version,
        }

    def owner_options(self) -> list[OwnerOption]:
        """The radios for who will do it, each opening the choice of that worker, agency or
        family member (open while chosen, or while its choice is wrong)."""
        found = []
        for option in self["owner_kind"].options:
            bound = self[OWNER_FIELDS[ActionOwner(option.value)]]
            found.append(OwnerOption(option=option, field=bound,
                                     reveal_id=f"conditional-{bound.auto_id}",
                                     revealed=option.checked or bool(bound.errors)))
        return found

    def values(self) -> ActionFields:
        """What was typed, as the action takes it: only the owner of the chosen kind."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        kind = data.get("owner_kind") or ""
        keep = OWNER_FIELDS.get(ActionOwner(kind)) if kind in ActionOwner.values else None

        def record(name: str) -> Any:
            if name != "need" and name != keep:
                return None
            return self.choices.by_value[name].get(data.get(name) or "")

        return ActionFields(
            need=record("need"), what=data.get("what") or "", owner_kind=kind,
            owner_user=record("owner_user"), owner_agency=record("owner_agency"),
            owner_person=record("owner_person"), due_on=data.get("due_on"),
            status=data.get("status") or "", progress=data.get("progress") or "",
        )

    def changes(self) -> dict[str, Any]:
        values = self.values()
        return {name: getattr(values, name) for name in (
            "need", "what", "owner_kind", "owner_user", "owner_agency", "owner_person",
            "due_on", "status", "progress",
        )}


class PartnerActionForm(GovukForm):
    """A TAF partner's update of their own action: its status and their latest word on it."""

    status = forms.ChoiceField(
        label="Status", required=False, widget=GovukRadioSelect, choices=ActionStatus.choices,
    )
    progress = forms.CharField(
        label="Latest progress", required=False, widget=forms.Textarea,
        help_text="What has happened so far, in a sentence or two.",
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, action: PlanAction) -> dict[str, Any]:
        return {"status": action.status, "progress": action.progress, "version": action.version}

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"status": data.get("status") or "", "progress": data.get("progress") or ""}
