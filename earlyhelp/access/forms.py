"""The sign-in and second-factor forms, with messages in the GOV.UK style."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from earlyhelp.core.forms import GovukForm, GovukMixin

# The same message whichever was wrong, so the page does not reveal which usernames exist.
WRONG_CREDENTIALS = "Enter a correct username and password"


class SignInForm(GovukMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": WRONG_CREDENTIALS,
        "inactive": WRONG_CREDENTIALS,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError as refusal:
            # Shown against the username, the first box, so the page says what to correct.
            self.add_error("username", refusal)
            return self.cleaned_data


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Enter the code from your authenticator app",
        help_text="Open the authenticator app on your phone and enter the 6-digit code it shows "
                  "for this service, for example 123456.",
        max_length=20, required=False, strip=True,
        error_messages={"max_length": "The code must be 6 digits, like 123456"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The box's id is "code", as the error summary and the browser tests link to it.
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)


class SetUpCodeForm(CodeForm):
    code = forms.CharField(
        label="3. Enter the code from your authenticator app",
        help_text="The 6-digit code the app shows for this service, for example 123456.",
        max_length=20, required=False, strip=True,
        error_messages={"max_length": "The code must be 6 digits, like 123456"},
    )
