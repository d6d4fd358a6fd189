"""The GOV.UK form base: the error summary's links, refusals put against their fields, and
questions revealed by an option."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string

from earlyhelp.core.forms import DateField, GovukForm, GovukRadioSelect, Reveal

YES_NO = [("yes", "Yes"), ("no", "No")]


class VisitForm(GovukForm):
    visited = forms.ChoiceField(label="Have you visited the family?", choices=YES_NO,
                                widget=forms.RadioSelect,
                                error_messages={"required": "Say whether you have visited"})
    visited_on = DateField(subject="The visit date", label="When?")
    notes = forms.CharField(label="Notes", required=False)
    reveals = {"visited": Reveal(value="yes", id="visit", fields=("visited_on",))}


class ChoiceForm(GovukForm):
    choice = forms.ChoiceField(label="Which?", choices=[("a", "A"), ("b", "B"), ("c", "C")],
                               widget=GovukRadioSelect)
    option_hints = {"choice": {"b": "The middle one"}}


def test_it_links_each_mistake_to_the_first_box_or_part_of_its_field_in_page_order() -> None:
    form = VisitForm({"visited_on_day": "31", "visited_on_month": "2",
                      "visited_on_year": "2026"})
    assert not form.is_valid()
    form.add_problems({"notes": "Say what you saw", "visit": "Visits are closed today"})
    assert form.error_summary() == [
        ("id_visited_0", "Say whether you have visited"),
        ("id_visited_on_day", "The visit date must be a real date"),
        ("id_notes", "Say what you saw"),
        ("id_visited_0", "Visits are closed today"),
    ]


def test_it_keeps_a_fields_own_mistake_rather_than_a_later_refusal() -> None:
    form = VisitForm({})
    form.is_valid()
    form.add_problems({"visited": "Visits are closed today"})
    assert form.errors["visited"] == ["Say whether you have visited"]


def test_it_keeps_revealed_questions_open_while_one_of_them_is_wrong() -> None:
    unchosen = VisitForm({"visited": "no", "visited_on_day": "40", "visited_on_month": "1",
                          "visited_on_year": "2026"})
    unchosen.is_valid()
    yes = unchosen["visited"].options[0]
    assert (yes.reveals, yes.revealed) == ("visit", True)
    quiet = VisitForm({"visited": "no"})
    quiet.is_valid()
    assert not quiet["visited"].options[0].revealed


def test_it_gives_radios_govuk_ids_and_links_each_hint_to_its_option() -> None:
    form = ChoiceForm(auto_id="%s")
    html = render_to_string("govuk/radios.html", {"field": form["choice"]})
    assert 'id="choice" name="choice" type="radio" value="a">' in html
    assert ('id="choice-2" name="choice" type="radio" value="b" '
            'aria-describedby="choice-2-hint">') in html
    assert '<div id="choice-2-hint" class="govuk-hint govuk-radios__hint">The middle one' in html
    assert 'id="choice-3"' in html
