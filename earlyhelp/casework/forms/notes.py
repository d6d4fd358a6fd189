"""The form for a new case note: it parses what was typed; the action judges it."""

from __future__ import annotations

from django import forms

from earlyhelp.casework.models import NoteKind
from earlyhelp.core.forms import DateField, GovukForm, GovukRadioSelect


class NoteForm(GovukForm):
    kind = forms.ChoiceField(
        label="What kind of note is this?", choices=NoteKind.choices, widget=GovukRadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose what kind of note this is"},
    )
    happened_on = DateField(
        subject="The date it happened", label="When did it happen?",
        help_text="For example, 27 10 2026",
    )
    summary = forms.CharField(
        label="Summary", required=False, max_length=200,
        help_text="One line, up to 200 characters: this is what the chronology shows",
        error_messages={"max_length": "The summary must be 200 characters or fewer"},
    )
    text = forms.CharField(label="Note", required=False, widget=forms.Textarea)
