"""The council's Outcomes Plan in its file: each need's evidence, measure and sustained period."""

import pytest

from earlyhelp.council.config import DEFAULT_FILE, ConfigError, load, parse

DEFAULT = DEFAULT_FILE.read_text(encoding="utf-8")


def error_for(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse(text, "council.toml")
    return str(caught.value)


def edit(old: str, new: str, text: str = DEFAULT) -> str:
    assert text.count(old) == 1, f"{old!r} must appear once in the default file"
    return text.replace(old, new)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def header_line_of(text: str, code: str) -> int:
    """The line of the [[needs]] table that holds the need with this code."""
    return line_of(text, f'[[needs]]\ncode = "{code}"')


def evidence_line(code: str) -> str:
    """The whole `evidence = ...` line of one shipped need, newline included."""
    start = DEFAULT.index("evidence = ", DEFAULT.index(f'[[needs]]\ncode = "{code}"'))
    return DEFAULT[start: DEFAULT.index("\n", start) + 1]


def met_when_line(code: str) -> str:
    start = DEFAULT.index("met_when = ", DEFAULT.index(f'[[needs]]\ncode = "{code}"'))
    return DEFAULT[start: DEFAULT.index("\n", start) + 1]


def test_every_shipped_need_says_what_shows_it_and_what_shows_it_met():
    config = load(DEFAULT_FILE)
    assert len(config.needs) == 18
    for need in config.needs:
        assert len(need.evidence) > 40, need.code
        assert len(need.met_when) > 40, need.code
    attendance = config.need("ATT")
    assert attendance.evidence.startswith("School attendance below 90%")
    assert attendance.met_when.startswith("Attendance at or above 95% for a full term")
    assert config.met_when("DA").startswith("No further incidents reported to the police")


def test_every_headline_outcome_has_a_descriptor_in_the_shipped_plan():
    config = load(DEFAULT_FILE)
    plan = config.outcomes_plan()
    assert [outcome.code for outcome, _ in plan] == [o.code for o in config.outcomes]
    assert all(needs for _, needs in plan)
    education = dict((outcome.code, needs) for outcome, needs in plan)["EDU"]
    assert [n.code for n in education] == ["ATT", "EXC", "SEN"]


def test_a_need_without_its_own_period_takes_the_councils_outcome_sustained_months():
    config = load(DEFAULT_FILE)
    assert config.need("ATT").sustained_months is None
    assert config.sustained_months("ATT") == 6
    assert config.sustained_months("DA") == 12
    assert config.sustained_months("EYR") == 0


def test_changing_the_council_default_moves_every_need_without_its_own_period():
    config = parse(edit("outcome_sustained_months = 6", "outcome_sustained_months = 9"))
    assert config.sustained_months("ATT") == 9
    assert config.sustained_months("WRK") == 9
    assert config.sustained_months("DA") == 12
    # A code the file no longer has (a retired need on an old record) takes the default too.
    assert config.sustained_months("GONE") == 9
    assert config.met_when("GONE") == ""


def test_the_default_applies_when_the_timescales_section_is_left_out():
    start = DEFAULT.index("[timescales]")
    end = DEFAULT.index("[[wards]]")
    config = parse(DEFAULT[:start] + DEFAULT[end:])
    assert config.sustained_months("CON") == 6


def test_it_names_a_missing_evidence_with_its_key_path_and_line():
    text = edit(evidence_line("CON"), "")
    message = error_for(text)
    assert f"needs[9].evidence: is missing (line {header_line_of(text, 'CON')})" in message


def test_it_names_a_missing_met_when_with_its_key_path_and_line():
    text = edit(met_when_line("WRK"), "")
    message = error_for(text)
    assert f"needs[17].met_when: is missing (line {header_line_of(text, 'WRK')})" in message


def test_it_names_every_missing_descriptor_at_once():
    text = edit(met_when_line("ATT"), "", edit(evidence_line("HSG"), ""))
    message = error_for(text)
    assert "needs[0].met_when: is missing" in message
    assert "needs[15].evidence: is missing" in message


@pytest.mark.parametrize("blank", ['""', '"   "'])
def test_it_refuses_a_blank_measure_and_names_its_line(blank):
    text = edit(met_when_line("SUB"), f"met_when = {blank}\n")
    message = error_for(text)
    line = line_of(text, f"met_when = {blank}")
    assert (f"needs[7].met_when: is blank; write it in words a worker would recognise "
            f"(line {line})") in message


def test_it_refuses_evidence_that_is_not_text():
    message = error_for(edit(evidence_line("DEB"), "evidence = 3\n"))
    assert "needs[16].evidence: Input should be a valid string" in message


@pytest.mark.parametrize(("value", "reason"), [
    ("25", "Input should be less than or equal to 24"),
    ("-1", "Input should be greater than or equal to 0"),
    ('"6"', "Input should be a valid integer"),
    ("6.5", "Input should be a valid integer"),
])
def test_it_refuses_a_sustained_period_out_of_range_or_not_a_whole_number(value, reason):
    text = edit("sustained_months = 12\n\n# Secure housing",
                f"sustained_months = {value}\n\n# Secure housing")
    message = error_for(text)
    line = line_of(text, f"sustained_months = {value}")
    assert f"needs[14].sustained_months: {reason}" in message
    assert f"(line {line})" in message


def test_it_names_a_misspelt_descriptor_key():
    text = edit(met_when_line("PAR"), met_when_line("PAR").replace("met_when", "met_whn"))
    message = error_for(text)
    assert "needs[8].met_whn: is not a key the council file has (check its spelling) (line " \
        f"{line_of(text, 'met_whn')})" in message
    assert "needs[8].met_when: is missing" in message


def test_a_council_may_give_any_need_its_own_period():
    text = edit(met_when_line("ATT"), met_when_line("ATT") + "sustained_months = 9\n")
    config = parse(text)
    assert config.sustained_months("ATT") == 9
    assert config.sustained_months("EXC") == 6
