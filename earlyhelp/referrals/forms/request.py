"""The web form for a request for support: it parses what was typed, and shows the front
door's reasons against the fields they concern."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone

from earlyhelp.core.forms import DateField, GovukForm, Reveal
from earlyhelp.council.config import current
from earlyhelp.people.models import Ethnicity, Gender, Relationship
from earlyhelp.referrals.inputs import NewPerson, NewRequest, problems

YES_NO = [("yes", "Yes"), ("no", "No")]
MOST_PEOPLE = 30

# Fields of the main form that sit above the people on the page, so the error summary
# lists mistakes in the order the page shows them.
ABOVE_PEOPLE = (
    "referrer_name", "referrer_role", "referrer_agency", "referrer_email", "referrer_phone",
    "address", "postcode", "ward",
)


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class QuietMixin(forms.BaseForm):
    """A form re-shown after "Add another person" keeps what was typed without judging it."""

    quiet = False

    def full_clean(self) -> None:
        if self.quiet:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()


class SignificantHarmQuestion(GovukForm):
    significant_harm = forms.ChoiceField(
        label="Is a child at risk of significant harm?",
        help_text="Significant harm means abuse or neglect that seriously affects a child's "
                  "health or development, or is likely to.",
        choices=YES_NO, widget=forms.RadioSelect,
        error_messages={"required": "Select yes if a child is at risk of significant harm"},
    )

    @property
    def answered_yes(self) -> bool:
        return self.cleaned_data["significant_harm"] == "yes"


class PersonForm(QuietMixin, GovukForm):
    relationship = forms.ChoiceField(
        label="Relationship to the family", required=False,
        choices=[("", "Choose")] + list(Relationship.choices),
        error_messages={"invalid_choice": "Choose how the person is related to the family"},
    )
    given_name = forms.CharField(label="Given name", required=False, max_length=100)
    family_name = forms.CharField(label="Family name", required=False, max_length=100)
    date_of_birth = DateField(
        subject="Date of birth", label="Date of birth", help_text="For example, 27 3 2015"
    )
    expected_due_date = DateField(
        subject="Expected due date", label="Expected due date",
        help_text="Only for an unborn child. For example, 14 6 2027",
    )
    gender = forms.ChoiceField(
        label="Gender", required=False, choices=[("", "Not known")] + list(Gender.choices),
        error_messages={"invalid_choice": "Choose a gender from the list"},
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity", required=False,
        choices=[("", "Not known")] + list(Ethnicity.choices),
        error_messages={"invalid_choice": "Choose an ethnicity from the list"},
    )
    nhs_number = forms.CharField(
        label="NHS number", required=False, max_length=20,
        help_text="If you know it. It is 10 digits, like 485 777 3456",
    )
    upn = forms.CharField(
        label="Unique Pupil Number (UPN)", required=False, max_length=20,
        help_text="If you know it. It is 13 characters, like A123456789012",
    )
    school = forms.CharField(
        label="School, nursery or college", required=False, max_length=200
    )

    def __init__(self, *args: Any, quiet: bool = False, **kwargs: Any):
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def new_person(self) -> NewPerson:
        data = self.cleaned_data
        return NewPerson(
            relationship=data.get("relationship") or "",
            given_name=data.get("given_name") or "",
            family_name=data.get("family_name") or "",
            date_of_birth=data.get("date_of_birth"),
            expected_due_date=data.get("expected_due_date"),
            gender=data.get("gender") or Gender.NOT_STATED,
            ethnicity=data.get("ethnicity") or Ethnicity.NOBT,
            nhs_number=data.get("nhs_number") or "",
            upn=data.get("upn") or "",
            school=data.get("school") or "",
        )


if TYPE_CHECKING:
    _PeopleFormSetBase = forms.BaseFormSet[PersonForm]
else:
    # Generic only in the type stubs: at run time BaseFormSet takes no type parameter.
    _PeopleFormSetBase = forms.BaseFormSet


class BasePeopleFormSet(_PeopleFormSetBase):
    quiet = False

    def full_clean(self) -> None:
        if self.quiet:
            self._errors: list[ErrorDict] = []
            self._non_form_errors = self.error_class(error_class="nonform", renderer=None)
            return
        super().full_clean()

    def named(self) -> list[PersonForm]:
        """The rows the user typed something in; untouched blank rows are not people."""
        return [form for form in self.forms if form.has_changed()]


# The stubs' formset_factory returns a plain BaseFormSet; the class made here is a subclass
# of the formset passed in, so it keeps quiet and named().
PeopleFormSet = cast(type[BasePeopleFormSet], forms.formset_factory(
    PersonForm, formset=BasePeopleFormSet, extra=3, max_num=MOST_PEOPLE, absolute_max=MOST_PEOPLE,
))


class RequestForm(QuietMixin, GovukForm):
    reveals = {
        "consent_to_request": Reveal(
            value="yes", id="consent-given", fields=("consent_given_by", "consent_given_on"),
        ),
        "step_down": Reveal(
            value="yes", id="step-down-details",
            fields=("social_care_reference", "social_care_history"),
        ),
    }

    referrer_name = forms.CharField(label="Full name", required=False, max_length=200)
    referrer_role = forms.CharField(label="Job title or role", required=False, max_length=200)
    referrer_agency = forms.ChoiceField(
        label="Agency", required=False,
        error_messages={"invalid_choice": "Choose your agency from the list"},
    )
    referrer_email = forms.CharField(
        label="Email address", required=False, max_length=254,
        help_text="We'll send the acknowledgement and the decision here",
    )
    referrer_phone = forms.CharField(label="Phone number", required=False, max_length=40)
    address = forms.CharField(label="Address", required=False, max_length=300,
                              widget=forms.Textarea)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    ward = forms.ChoiceField(
        label="Ward (optional)", required=False,
        error_messages={"invalid_choice": "Choose a ward from the list"},
    )
    needs = forms.MultipleChoiceField(
        label="What are the family's needs?", required=False,
        help_text="Select all that apply",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose needs from the list"},
    )
    concerns = forms.CharField(
        label="What are you worried about?", required=False, widget=forms.Textarea,
        help_text="What has happened, how it affects the children, and since when",
    )
    tried_already = forms.CharField(
        label="What has been tried already?", required=False, widget=forms.Textarea
    )
    family_view = forms.CharField(
        label="What does the family say they want?", required=False, widget=forms.Textarea,
        help_text="In their own words if you can",
    )
    # Offered only to children's social care and to the front door taking a call (the page
    # is told by access.rules.can_refer_step_down).
    step_down = forms.ChoiceField(
        label="Is this a step-down from children's social care?", required=False,
        help_text="A case closing to social care, such as a child in need plan, that early "
                  "help will carry on",
        choices=YES_NO, widget=forms.RadioSelect,
    )
    social_care_reference = forms.CharField(
        label="Social care reference", required=False, max_length=50,
        help_text="The case's reference in the children's social care record",
    )
    social_care_history = forms.CharField(
        label="The family's social care history", required=False, widget=forms.Textarea,
        help_text="The involvement and its dates, the plan, what has changed, and why the case "
                  "is stepping down",
    )
    consent_to_request = forms.ChoiceField(
        label="Does the family agree to this request for support?", required=False,
        choices=YES_NO, widget=forms.RadioSelect,
    )
    consent_given_by = forms.CharField(
        label="Who gave consent?", required=False, max_length=200,
        help_text="Their name and how they are related to the children",
    )
    consent_given_on = DateField(
        subject="The date consent was given", label="When was consent given?",
        help_text="For example, 2 11 2026",
    )
    consent_to_share = forms.ChoiceField(
        label="Does the family agree to information about them being shared with the "
              "services that can help?",
        required=False, choices=YES_NO, widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, quiet: bool = False, **kwargs: Any):
        self.quiet = quiet
        super().__init__(*args, **kwargs)
        config = current()
        self._set_choices("referrer_agency", [("", "Choose agency")] + [
            (agency.code, agency.name) for agency in config.agencies
        ])
        self._set_choices("ward", [("", "Not known")] + [
            (ward.code, ward.name) for ward in config.wards
        ])
        self._set_choices("needs", config.need_choices())

    def _set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


def referrer_initial(user: Any) -> dict[str, str]:
    """A partner making their own request starts with their details filled in."""
    return {
        "referrer_name": user.get_full_name(),
        "referrer_role": user.job_title,
        "referrer_agency": user.agency.code if user.agency_id else "",
        "referrer_email": user.email,
        "referrer_phone": user.phone,
    }


class RequestSubmission:
    """The whole page: the request form and its rows of people, judged together."""

    def __init__(
        self, data: Any = None, *, significant_harm: bool, initial: dict[str, Any] | None = None,
        add_person: bool = False,
    ):
        self.significant_harm = significant_harm
        if add_person and data is not None:
            data = data.copy()
            key = "people-TOTAL_FORMS"
            try:
                rows = int(data.get(key, "0"))
            except ValueError:
                rows = 0
            data[key] = str(min(max(rows, 0) + 1, MOST_PEOPLE))
        self.form = RequestForm(data, initial=initial, quiet=add_person)
        self.people = PeopleFormSet(data, prefix="people", form_kwargs={"quiet": add_person})
        self.people.quiet = add_person
        self._non_field: list[str] = []

    def is_valid(self) -> bool:
        """Whether everything parsed. When it didn't, the front door's reasons about what did
        parse are shown too, so the user sees every mistake at once."""
        valid = self.form.is_valid() & self.people.is_valid()
        if not valid:
            found = problems(self.new_request(), timezone.localdate())
            self.show_problems({key: reason for key, reason in found.items()
                                if not self._has_error(key)})
        return valid

    def new_request(self) -> NewRequest:
        data = self.form.cleaned_data
        return NewRequest(
            referrer_name=data.get("referrer_name") or "",
            referrer_role=data.get("referrer_role") or "",
            referrer_agency=data.get("referrer_agency") or "",
            referrer_email=data.get("referrer_email") or "",
            referrer_phone=data.get("referrer_phone") or "",
            address=data.get("address") or "",
            postcode=data.get("postcode") or "",
            ward=data.get("ward") or "",
            people=[row.new_person() for row in self.people.named()],
            needs=list(data.get("needs") or []),
            concerns=data.get("concerns") or "",
            tried_already=data.get("tried_already") or "",
            family_view=data.get("family_view") or "",
            significant_harm=self.significant_harm,
            consent_to_request=_yes_no(data.get("consent_to_request")),
            consent_to_share=_yes_no(data.get("consent_to_share")),
            consent_given_by=data.get("consent_given_by") or "",
            consent_given_on=data.get("consent_given_on"),
            step_down=bool(_yes_no(data.get("step_down"))),
            social_care_reference=data.get("social_care_reference") or "",
            social_care_history=data.get("social_care_history") or "",
        )

    def _target(self, key: str) -> tuple[GovukForm | None, str | None]:
        """The form and field a problem key such as "people[1].nhs_number" names."""
        if key.startswith("people[") and "]." in key:
            index, _, name = key.removeprefix("people[").partition("].")
            named = self.people.named()
            if index.isdigit() and int(index) < len(named) and name in named[int(index)].fields:
                return named[int(index)], name
            return None, None
        if key in self.form.fields:
            return self.form, key
        return None, None

    def _has_error(self, key: str) -> bool:
        form, name = self._target(key)
        return form is not None and name in form.errors

    def show_problems(self, found: dict[str, str]) -> None:
        for key, reason in found.items():
            form, name = self._target(key)
            if form is not None:
                form.add_error(name, reason)
            elif key == "people":
                self.people.non_form_errors().append(reason)
            else:
                self._non_field.append(reason)

    @property
    def people_errors(self) -> list[str]:
        return [str(message) for message in self.people.non_form_errors()]

    @property
    def other_errors(self) -> list[str]:
        return self._non_field + [str(message) for message in self.form.non_field_errors()]

    def error_summary(self) -> list[tuple[str, str]]:
        """Every mistake as (id to link to, message), in the order the page shows them."""
        summary: list[tuple[str, str]] = [("request-form", reason) for reason in self.other_errors]
        above = [name for name in self.form.fields if name in ABOVE_PEOPLE]
        summary += self.form.error_summary(above)
        forms_shown = self.people.forms
        for message in self.people_errors:
            summary.append((forms_shown[0]["relationship"].anchor if forms_shown
                            else "people", message))
        for row in forms_shown:
            summary += row.error_summary(list(row.fields))
        summary += self.form.error_summary(
            [name for name in self.form.fields if name not in ABOVE_PEOPLE]
        )
        return summary
