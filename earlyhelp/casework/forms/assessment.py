"""The assessment form, a section for each member and for the family, and the sign-off form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

from earlyhelp.casework.actions.assessment import (
    SCORE_REASON,
    Answers,
    MemberAnswers,
    NewNeed,
    member_field,
    new_need_field,
)
from earlyhelp.casework.models import RiskFactor
from earlyhelp.casework.queries.assessment import WHOLE_FAMILY, Saved
from earlyhelp.core.forms import GovukForm, GovukRadioSelect
from earlyhelp.council.config import current

# Blank rows for new needs on each visit; "Save and add more needs" brings two more.
NEW_NEED_ROWS = 2
FAMILY = "family"  # the person choice that means the whole family


def _text(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(label=label, help_text=hint, required=False, strip=False,
                           widget=forms.Textarea)


@dataclass
class MemberFields:
    """One member's fieldset on the page."""

    name: str
    strengths: Any
    needs_summary: Any


@dataclass
class NewNeedFields:
    row: int
    code: Any
    person: Any
    evidence: Any


class AssessmentForm(GovukForm):
    """Every answer of the assessment in page order; a need row left blank is ignored."""

    def __init__(self, data: Mapping[str, Any] | None = None, *, saved: Saved, **kwargs: Any):
        if data is None:
            kwargs.setdefault("initial", initial(saved))
        super().__init__(data, **kwargs)
        self.saved = saved
        members = [(m.person_id, str(m.person)) for m in saved.members]
        fields: dict[str, forms.Field] = {
            "version": forms.IntegerField(widget=forms.HiddenInput),
        }
        for person_id, name in members:
            fields[member_field(person_id, "strengths")] = _text(
                "Strengths", f"What {name} does well and what helps them")
            fields[member_field(person_id, "needs_summary")] = _text(
                "Needs", f"What {name} needs, in words the family would recognise")
        fields.update({
            "worries": _text("What are we worried about?",
                             "What has happened, and what could happen if nothing changes"),
            "working_well": _text("What is working well?",
                                  "Strengths, safety and support the family already has"),
            "needs_to_happen": _text("What needs to happen?",
                                     "What the family and the people around them will do"),
            "scaling_score": forms.IntegerField(
                label="Scaling score", required=False,
                help_text="From 0 to 10, where 0 means things could not be worse and 10 means "
                          "the worries are gone", error_messages={"invalid": SCORE_REASON}),
            "child_voice": _text("The child's voice",
                                 "What the children say about their lives, in their own words"),
            "family_view": _text("The family's view", "What the parents or carers say"),
            "risk_factors": forms.MultipleChoiceField(
                label="Risk factors", required=False, choices=RiskFactor.choices,
                widget=forms.CheckboxSelectMultiple, help_text="Select all that apply",
                error_messages={"invalid_choice": "Choose risk factors from the list"}),
            "remove_needs": forms.MultipleChoiceField(
                label="Remove", required=False, widget=forms.CheckboxSelectMultiple,
                choices=[(str(row.need.pk), row.label) for row in saved.needs],
                error_messages={"invalid_choice": "That need has already been removed"}),
        })
        need_choices = [("", "Choose a need"), *current().need_choices()]
        person_choices = [(FAMILY, WHOLE_FAMILY), *((str(p), n) for p, n in members)]
        for row in range(1, NEW_NEED_ROWS + 1):
            fields[new_need_field(row, "code")] = forms.ChoiceField(
                label="Need", required=False, choices=need_choices,
                error_messages={"invalid_choice": "Choose a need from the list"})
            fields[new_need_field(row, "person")] = forms.ChoiceField(
                label="Whose need", required=False, choices=person_choices, initial=FAMILY,
                error_messages={"invalid_choice":
                                "Choose a member of the household, or the whole family"})
            fields[new_need_field(row, "evidence")] = _text(
                "What shows this need", "The evidence at the start, as the Outcomes Plan asks")
        self.fields = fields  # type: ignore[assignment]
        self._members = members

    # The page lays the form out by section.
    @property
    def members(self) -> list[MemberFields]:
        return [MemberFields(name=name, strengths=self[member_field(pid, "strengths")],
                             needs_summary=self[member_field(pid, "needs_summary")])
                for pid, name in self._members]

    @property
    def new_needs(self) -> list[NewNeedFields]:
        return [NewNeedFields(row=row, code=self[new_need_field(row, "code")],
                              person=self[new_need_field(row, "person")],
                              evidence=self[new_need_field(row, "evidence")])
                for row in range(1, NEW_NEED_ROWS + 1)]

    @property
    def removing(self) -> set[str]:
        return {str(value) for value in (self["remove_needs"].value() or [])}

    def add_problems(self, problems: Mapping[str, str]) -> None:
        # "No needs yet" belongs beside the first new need's row.
        super().add_problems({
            (new_need_field(1, "code") if name == "needs" else name): message
            for name, message in problems.items()
        })

    def answers(self) -> Answers:
        data = self.cleaned_data
        new = []
        for row in range(1, NEW_NEED_ROWS + 1):
            person = data[new_need_field(row, "person")]
            new.append(NewNeed(
                code=data[new_need_field(row, "code")],
                person_id=None if person in ("", FAMILY) else int(person),
                evidence=data[new_need_field(row, "evidence")],
            ))
        return Answers(
            members=[MemberAnswers(person_id=pid,
                                   strengths=data[member_field(pid, "strengths")],
                                   needs_summary=data[member_field(pid, "needs_summary")])
                     for pid, _ in self._members],
            worries=data["worries"], working_well=data["working_well"],
            needs_to_happen=data["needs_to_happen"], scaling_score=data["scaling_score"],
            child_voice=data["child_voice"], family_view=data["family_view"],
            risk_factors=list(data["risk_factors"]),
            remove_needs=[int(pk) for pk in data["remove_needs"]], new_needs=new,
        )

    @classmethod
    def as_saved(cls, saved: Saved) -> AssessmentForm:
        """The form filled in with what is stored, bound so an action's refusals can sit
        against its fields."""
        return cls(initial(saved), saved=saved)

    @classmethod
    def with_version(cls, data: Any, saved: Saved) -> AssessmentForm:
        """What the user typed, to be saved over the newer version `saved` once they have
        seen it."""
        typed = data.copy()
        typed["version"] = str(saved.assessment.version)
        return cls(typed, saved=saved)


def initial(saved: Saved) -> dict[str, Any]:
    a = saved.assessment
    values: dict[str, Any] = {
        "version": str(a.version), "worries": a.worries, "working_well": a.working_well,
        "needs_to_happen": a.needs_to_happen,
        "scaling_score": "" if a.scaling_score is None else str(a.scaling_score),
        "child_voice": a.child_voice, "family_view": a.family_view,
        "risk_factors": list(a.risk_factors), "remove_needs": [],
    }
    for m in saved.members:
        values[member_field(m.person_id, "strengths")] = m.strengths
        values[member_field(m.person_id, "needs_summary")] = m.needs_summary
    for row in range(1, NEW_NEED_ROWS + 1):
        values[new_need_field(row, "code")] = ""
        values[new_need_field(row, "person")] = FAMILY
        values[new_need_field(row, "evidence")] = ""
    return values


class SignOffForm(GovukForm):
    APPROVE, RETURN = "approve", "return"

    decision = forms.ChoiceField(
        label="Do you sign off this assessment?", widget=GovukRadioSelect,
        choices=[(APPROVE, "Yes, sign it off as complete"),
                 (RETURN, "No, return it to the worker")],
        error_messages={"required": "Choose whether to sign off the assessment or return it"},
    )
    reason = forms.CharField(
        label="What does the worker need to change?", required=False, widget=forms.Textarea,
        help_text="Only if you are returning it",
    )
