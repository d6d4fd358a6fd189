"""The sign-in and second-factor forms, with messages in the GOV.UK style."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

# The same message whichever was wrong, so the page does not reveal which usernames exist.
WRONG_CREDENTIALS = "Enter a correct username and password"


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": WRONG_CREDENTIALS,
        "inactive": WRONG_CREDENTIALS,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) pairs for the error summary, each linking to its field."""
        errors = [("id_username", str(message)) for message in self.non_field_errors()]
        for name in ("username", "password"):
            errors.extend((f"id_{name}", str(message)) for message in self.errors.get(name, []))
        return errors


class CodeForm(forms.Form):
    code = forms.CharField(max_length=20, required=False, strip=True)
