"""The council file: the shipped defaults load, and every kind of mistake is named."""

import re

import pytest

from earlyhelp.council.config import DEFAULT_FILE, ConfigError, load, parse

DEFAULT = DEFAULT_FILE.read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    """The line (from 1) where `fragment` starts in `text`."""
    return text[: text.index(fragment)].count("\n") + 1


def error_for(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse(text, "council.toml")
    return str(caught.value)


def edit(old: str, new: str, text: str = DEFAULT) -> str:
    assert text.count(old) == 1, f"{old!r} must appear once in the default file"
    return text.replace(old, new)


def test_it_loads_the_shipped_defaults():
    config = load(DEFAULT_FILE)
    assert config.council.name == "Fernhill Borough Council"
    assert len(config.wards) == 10
    assert {t.agency for t in config.teams} <= {a.code for a in config.agencies}
    assert config.need("ATT").outcome == "EDU"
    assert config.outcome("FIN").label == "Financial stability"
    assert [config.level(n).name for n in (1, 2, 3, 4)][0] == "Universal"
    assert config.timescales.acknowledgement_working_days == 1
    assert config.timescales.decision_working_days == 2
    assert config.timescales.assessment_working_days == 15


def test_it_fills_in_default_timescales_when_the_section_is_left_out():
    start = DEFAULT.index("[timescales]")
    end = DEFAULT.index("[[wards]]")
    config = parse(DEFAULT[:start] + DEFAULT[end:])
    assert config.timescales.review_interval_weeks == 6
    assert config.timescales.outcome_sustained_months == 6


def test_it_names_the_line_of_a_toml_syntax_error():
    text = edit("[timescales]", "[timescales")
    message = error_for(text)
    assert message.startswith("council.toml: ")
    assert f"at line {line_of(text, '[timescales')}" in message


def test_it_names_the_key_and_line_of_a_wrong_type():
    text = edit("review_interval_weeks = 6", 'review_interval_weeks = "six"')
    message = error_for(text)
    assert "timescales.review_interval_weeks: Input should be a valid integer" in message
    assert f"(line {line_of(text, 'review_interval_weeks')})" in message


def test_it_refuses_a_number_written_as_a_string():
    message = error_for(edit("decision_working_days = 2", 'decision_working_days = "2"'))
    assert "timescales.decision_working_days" in message


def test_it_refuses_a_timescale_out_of_range():
    message = error_for(edit("decision_working_days = 2", "decision_working_days = -1"))
    assert "timescales.decision_working_days: Input should be greater than or equal to 0" in (
        message
    )


def test_it_names_a_missing_key_and_the_table_it_belongs_in():
    text = edit('short_name = "Fernhill"\n', "")
    message = error_for(text)
    assert "council.short_name: is missing" in message
    assert f"(line {line_of(text, '[council]')})" in message


def test_it_names_a_missing_section():
    start = DEFAULT.index("# Supporting Families headline outcomes")
    end = DEFAULT.index("# Presenting needs")
    assert "outcomes: is missing" in error_for(DEFAULT[:start] + DEFAULT[end:])


def test_it_names_an_unknown_key_and_its_line():
    text = edit('name = "Castle"', 'nmae = "Castle"')
    message = error_for(text)
    assert "wards[2].nmae: is not a key the council file has" in message
    assert f"wards[2].nmae: is not a key the council file has (check its spelling) (line " \
           f"{line_of(text, 'nmae')})" in message
    assert "wards[2].name: is missing" in message


def test_it_names_an_unknown_section():
    text = DEFAULT + "\n[timescale]\nreview_interval_weeks = 4\n"
    message = error_for(text)
    assert f"timescale: is not a key the council file has (check its spelling) (line " \
           f"{line_of(text, '[timescale]')})" in message


def test_it_names_a_team_whose_agency_does_not_exist():
    text = edit('code = "EHN"\nname = "Early Help North"\nagency = "EH"',
                'code = "EHN"\nname = "Early Help North"\nagency = "XX"')
    message = error_for(text)
    assert "teams[1].agency: no agency has the code 'XX'" in message
    line = line_of(text, 'agency = "XX"')
    assert f"teams[1].agency: no agency has the code 'XX' (line {line})" in message


def test_it_names_a_need_whose_outcome_does_not_exist():
    text = edit('label = "Worklessness"\noutcome = "FIN"',
                'label = "Worklessness"\noutcome = "JOB"')
    message = error_for(text)
    assert "needs[17].outcome: no headline outcome has the code 'JOB'" in message
    line = line_of(text, 'outcome = "JOB"')
    assert f"no headline outcome has the code 'JOB' (line {line})" in message


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('code = "E05000002"', 'code = "E05000001"', "wards[1].code: 'E05000001' appears twice"),
    ('code = "GP"', 'code = "SCH"', "agencies[1].code: 'SCH' appears twice"),
    ('code = "EHS"', 'code = "EHN"', "teams[2].code: 'EHN' appears twice"),
    ('code = "EYD"', 'code = "EDU"', "outcomes[1].code: 'EDU' appears twice"),
    ('code = "CON"', 'code = "PAR"', "needs[9].code: 'PAR' appears twice"),
])
def test_it_names_a_duplicate_code(old, new, expected):
    assert expected in error_for(edit(old, new))


def test_it_names_a_missing_level():
    text = edit("level = 3\n", "level = 2\n")
    message = error_for(text)
    assert "levels[2].level: 2 appears twice" in message
    assert "levels: level 3 is missing" in message
    assert f"(line {line_of(text, '[[levels]]')})" in message


def test_it_refuses_thresholds_that_fall_as_the_level_rises():
    message = error_for(edit("min_needs = 3", "min_needs = 0"))
    assert "levels[2].min_needs: level 3 needs at least as many needs as level 2" in message


def test_it_refuses_an_unknown_agency_kind():
    assert "agencies[0].kind: Input should be" in error_for(
        edit('kind = "education"', 'kind = "school"')
    )


def test_it_refuses_a_front_door_email_that_is_not_an_address():
    message = error_for(edit('front_door_email = "earlyhelp@fernhill.example.gov.uk"',
                             'front_door_email = "earlyhelp"'))
    assert "council.front_door_email: is not an email address" in message


def test_it_lists_every_mistake_at_once():
    text = edit('outcome = "FIN"\nevidence = "Problem debt',
                'outcome = "NOPE"\nevidence = "Problem debt',
                edit('agency = "EH"\n\n#', 'agency = "ZZ"\n\n#'))
    message = error_for(text)
    assert "teams[3].agency" in message
    assert "needs[16].outcome" in message


def test_it_names_a_file_it_cannot_read(tmp_path):
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(ConfigError, match=re.escape(f"{missing}: cannot be read")):
        load(missing)


def test_it_names_the_file_at_fault(tmp_path):
    path = tmp_path / "council.toml"
    path.write_text(edit('code = "GP"', 'code = "SCH"'), encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(f"{path}: agencies[1].code")):
        load(path)


class TestSuggestedLevel:
    config = parse(DEFAULT)

    def test_it_suggests_level_4_for_significant_harm(self):
        assert self.config.suggested_level([], significant_harm=True) == 4
        assert self.config.suggested_level(["ATT"], significant_harm=True) == 4

    @pytest.mark.parametrize(("needs", "level"), [
        ([], 1), (["ATT"], 2), (["ATT", "PAR"], 2), (["ATT", "PAR", "DA"], 3),
        (["ATT", "PAR", "DA", "HSG", "DEB", "WRK", "CON", "BEH", "SUB"], 3),
        (["ATT", "ATT", "ATT"], 2),  # the same need named three times is one need
    ])
    def test_it_counts_distinct_needs_against_the_thresholds(self, needs, level):
        assert self.config.suggested_level(needs, significant_harm=False) == level

    def test_it_follows_a_council_s_own_thresholds(self):
        stricter = parse(edit("min_needs = 3", "min_needs = 5"))
        assert stricter.suggested_level(["ATT", "PAR", "DA"], significant_harm=False) == 2
        assert stricter.suggested_level(
            ["ATT", "PAR", "DA", "HSG", "DEB"], significant_harm=False
        ) == 3


def test_it_loads_the_audit_checklist_a_manager_answers():
    config = load(DEFAULT_FILE)
    codes = [item.code for item in config.audit_checklist]
    assert codes[:3] == ["assessment", "voice", "plan"]
    assert len(set(codes)) == len(codes) == 8
    assert all(item.question.endswith("?") for item in config.audit_checklist)


def test_it_gives_the_default_checklist_when_the_section_is_left_out():
    start = DEFAULT.index("# The monthly case audit")
    config = parse(DEFAULT[:start])
    assert [item.code for item in config.audit_checklist] == [
        item.code for item in load(DEFAULT_FILE).audit_checklist]


def test_it_names_a_duplicate_audit_question_code_and_its_line():
    text = edit('code = "voice"', 'code = "assessment"')
    message = error_for(text)
    assert "audit_checklist[1].code: 'assessment' appears twice" in message
    second = text.index('code = "assessment"', text.index('code = "assessment"') + 1)
    line = text[:second].count("\n") + 1
    assert f"'assessment' appears twice (line {line})" in message


def test_it_refuses_an_audit_question_without_its_question():
    text = edit('question = "Is management oversight and supervision recorded on the case?"\n',
                "")
    assert "audit_checklist[7].question: is missing" in error_for(text)
