"""Checks for the identifiers people carry: NHS number, Unique Pupil Number, UK postcode."""

from __future__ import annotations

import re

_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # DfE check letters: no I, O or S
_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?) ?"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def nhs_number_is_valid(value: str) -> bool:
    """Modulus 11 check digit, as the NHS Data Dictionary defines it."""
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def nhs_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None where no valid number can be made."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine))
    check = 11 - total % 11
    return None if check == 10 else (0 if check == 11 else check)


def normalise_upn(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def upn_check_letter(rest: str) -> str:
    """The DfE check letter for the last 12 characters of a Unique Pupil Number."""
    total = 0
    for position, char in enumerate(rest, start=2):
        value = _UPN_LETTERS.index(char) if char.isalpha() else int(char)
        total += value * position
    return _UPN_LETTERS[total % 23]


def upn_is_valid(value: str) -> bool:
    """A 13-character UPN: a check letter, the LA and school numbers, year and serial."""
    upn = normalise_upn(value)
    if not re.fullmatch(r"[A-Z][0-9]{11}[0-9A-Z]", upn):
        return False
    if upn[12].isalpha() and upn[12] not in _UPN_LETTERS:
        return False
    return upn[0] == upn_check_letter(upn[1:])


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s", "", value or "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def postcode_is_valid(value: str) -> bool:
    return bool(_POSTCODE.match(normalise_postcode(value)))
