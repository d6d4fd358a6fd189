"""NHS numbers, Unique Pupil Numbers and postcodes: what passes and what is refused."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from earlyhelp.people import identifiers

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)
upn_letters = "ABCDEFGHJKLMNPQRTUVWXYZ"


@st.composite
def nhs_numbers(draw):
    first = draw(nine_digits)
    check = identifiers.nhs_check_digit(first)
    assume(check is not None)
    return f"{first}{check}"


@st.composite
def upns(draw):
    body = draw(st.text(alphabet="0123456789", min_size=11, max_size=11))
    last = draw(st.sampled_from("0123456789" + upn_letters))  # a letter: a temporary UPN
    rest = body + last
    return identifiers.upn_check_letter(rest) + rest


# NHS numbers ---------------------------------------------------------------------------

@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919", "4010232137"])
def test_it_accepts_a_valid_nhs_number(number):
    assert identifiers.nhs_number_is_valid(number)


@pytest.mark.parametrize("number", [
    "9434765918",   # wrong check digit
    "9434765910",
    "943476591",    # too short
    "94347659190",  # too long
    "943476591A",
    "",
    "1234567890",   # remainder 1: check would be 10, so no valid number has these nine digits
])
def test_it_refuses_an_invalid_nhs_number(number):
    assert not identifiers.nhs_number_is_valid(number)


@settings(deadline=None)
@given(nhs_numbers())
def test_it_accepts_every_number_with_the_right_check_digit(number):
    assert identifiers.nhs_number_is_valid(number)


@settings(deadline=None)
@given(nhs_numbers(), st.integers(0, 9), st.integers(1, 9))
def test_it_refuses_a_number_with_one_digit_changed(number, position, shift):
    digits = list(number)
    digits[position] = str((int(digits[position]) + shift) % 10)
    assert not identifiers.nhs_number_is_valid("".join(digits))


def test_it_normalises_spaces_and_dashes_out_of_nhs_numbers():
    assert identifiers.normalise_nhs_number(" 943 476-5919 ") == "9434765919"


# Unique Pupil Numbers ------------------------------------------------------------------

@pytest.mark.parametrize("upn", [
    "H801200001001",  # the DfE's worked example: weights 2-13 sum to 53, 53 mod 23 = 7 = H
    "h801200001001",  # lower case is read as upper case
    "H801 2000 01001",
])
def test_it_accepts_a_valid_upn(upn):
    assert identifiers.upn_is_valid(upn)


def test_it_computes_the_dfe_check_letter():
    # 8*2 + 0*3 + 1*4 + 2*5 + 0*6 + 0*7 + 0*8 + 0*9 + 1*10 + 0*11 + 0*12 + 1*13 = 53
    assert identifiers.upn_check_letter("801200001001") == "H"
    # A temporary UPN's last letter counts by its place in the check-letter list: A=0, B=1...
    assert identifiers.upn_check_letter("80120000100A") == upn_letters[(53 - 13) % 23]
    assert identifiers.upn_check_letter("80120000100B") == upn_letters[(53 - 13 + 13) % 23]


@pytest.mark.parametrize("upn", [
    "A801200001001",  # wrong check letter
    "H80120000100",   # too short
    "H8012000010011",
    "1801200001001",  # must start with a letter
    "H80120000100I",  # I, O and S are never used
    "H8012000A1001",  # only the last character may be a letter
    "",
])
def test_it_refuses_an_invalid_upn(upn):
    assert not identifiers.upn_is_valid(upn)


@settings(deadline=None)
@given(upns())
def test_it_accepts_every_upn_with_the_right_check_letter(upn):
    assert identifiers.upn_is_valid(upn)


@settings(deadline=None)
@given(upns(), st.integers(1, 11), st.integers(1, 9))
def test_it_refuses_a_upn_with_one_digit_changed(upn, position, shift):
    chars = list(upn)
    chars[position] = str((int(chars[position]) + shift) % 10)
    assert not identifiers.upn_is_valid("".join(chars))


@settings(deadline=None)
@given(upns(), st.sampled_from(upn_letters))
def test_it_refuses_a_upn_with_another_check_letter(upn, letter):
    assume(letter != upn[0])
    assert not identifiers.upn_is_valid(letter + upn[1:])


# Postcodes -----------------------------------------------------------------------------

@pytest.mark.parametrize(("given", "normal"), [
    ("SW1A 1AA", "SW1A 1AA"), ("sw1a1aa", "SW1A 1AA"), ("M1 1AE", "M1 1AE"),
    ("B33 8TH", "B33 8TH"), ("CR2 6XH", "CR2 6XH"), ("DN55 1PT", "DN55 1PT"),
    ("GIR 0AA", "GIR 0AA"), (" w1a  0ax ", "W1A 0AX"), ("EC1A 1BB", "EC1A 1BB"),
])
def test_it_accepts_and_normalises_a_real_postcode(given, normal):
    assert identifiers.postcode_is_valid(given)
    assert identifiers.normalise_postcode(given) == normal


@pytest.mark.parametrize("postcode", [
    "12345", "SW1A", "SW1A 1A", "SW1A 1AAA", "QA1 1AA", "SW1A 1AC", "", "ZZ", "AAA 1AA",
])
def test_it_refuses_something_that_is_not_a_postcode(postcode):
    assert not identifiers.postcode_is_valid(postcode)
