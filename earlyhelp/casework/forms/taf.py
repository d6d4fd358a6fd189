"""Forms for the Team Around the Family page: adding a member, and recording consent."""

from __future__ import annotations

from typing import Any

from django import forms

from earlyhelp.core.forms import GovukForm


class OfferedChoice(forms.ChoiceField):
    """A select whose options are a suggestion: the action decides whether the value will do
    and says why not (someone already in the team, say), rather than "not a valid choice"."""

    def valid_value(self, value: Any) -> bool:
        return True


class AddMemberForm(GovukForm):
    user = OfferedChoice(
        label="Partner professional", required=False,
        help_text="Only partner professionals with an account can join: ask an administrator "
        "to make one for anyone not listed.",
    )
    role = forms.CharField(
        label="Their role in the Team Around the Family", required=False, max_length=200,
        help_text="For example, health visitor or class teacher.",
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any):
        kwargs.setdefault("prefix", "member")
        super().__init__(*args, **kwargs)
        user = self.fields["user"]
        assert isinstance(user, forms.ChoiceField)
        user.choices = [("", "Choose a partner professional"), *people]


class ConsentForm(GovukForm):
    given_by = forms.CharField(
        label="Who in the family?", required=False, max_length=200,
        help_text="Their name and how they are related to the children, for example "
        "Kelly Brown (mother).",
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("prefix", "consent")
        super().__init__(*args, **kwargs)
