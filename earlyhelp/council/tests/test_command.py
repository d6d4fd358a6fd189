"""`earlyhelp council`, the start-up check, and the configuration written after migrate."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from earlyhelp.council.checks import council_file
from earlyhelp.council.config import DEFAULT_FILE
from earlyhelp.council.models import Agency, Team, Ward

DEFAULT = DEFAULT_FILE.read_text(encoding="utf-8")


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "council.toml"
    path.write_text(DEFAULT.replace('code = "EHS"\nname = "Early Help South"\nagency = "EH"',
                                    'code = "EHS"\nname = "Early Help South"\nagency = "NOPE"'),
                    encoding="utf-8")
    return path


@pytest.fixture
def renamed_file(tmp_path):
    path = tmp_path / "council.toml"
    path.write_text(
        DEFAULT.replace('name = "Riverside"', 'name = "Riverside and Quay"')
        + '\n[[wards]]\ncode = "E05000011"\nname = "Westgate"\n'
        + '\n[[teams]]\ncode = "EHW"\nname = "Early Help West"\nagency = "EH"\n',
        encoding="utf-8",
    )
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("council", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_says_the_shipped_file_is_ok():
    out, _ = run("check")
    assert out.strip() == (
        "OK: Fernhill Borough Council, 10 wards, 8 agencies, 4 teams, 10 outcomes, "
        "18 needs, 4 levels"
    )


def test_it_names_the_fault_in_a_bad_file_and_exits_1(bad_file):
    with pytest.raises(SystemExit) as exited:
        run("check", str(bad_file))
    assert exited.value.code == 1


def test_it_prints_the_fault_in_a_bad_file(bad_file):
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("council", "check", str(bad_file), stdout=StringIO(), stderr=err)
    assert f"{bad_file}: teams[2].agency: no agency has the code 'NOPE' (line " in err.getvalue()


def test_it_checks_the_file_named_in_the_settings_by_default(settings, bad_file):
    settings.EARLYHELP_COUNCIL_FILE = str(bad_file)
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("council", "check", stdout=StringIO(), stderr=err)
    assert "teams[2].agency" in err.getvalue()


def test_it_stops_the_service_starting_on_a_bad_file(settings, bad_file):
    settings.EARLYHELP_COUNCIL_FILE = str(bad_file)
    errors = council_file()
    assert [e.id for e in errors] == ["council.E001"]
    assert "teams[2].agency: no agency has the code 'NOPE'" in errors[0].msg
    with pytest.raises(SystemCheckError, match="teams\\[2\\].agency"):
        call_command("check", stdout=StringIO(), stderr=StringIO())


def test_it_starts_on_the_shipped_file():
    assert council_file() == []


@pytest.mark.django_db
def test_it_has_the_council_s_records_in_a_freshly_migrated_database():
    # Nothing in this test applies the file: migrate did.
    assert Ward.objects.count() == 10
    assert Team.objects.get(code="EHN").agency == Agency.objects.get(code="EH")


@pytest.mark.django_db
def test_it_applies_the_file_in_force(settings, renamed_file):
    settings.EARLYHELP_COUNCIL_FILE = str(renamed_file)
    out, _ = run("apply")
    assert out.startswith("Applied: Fernhill Borough Council, 11 wards")
    assert Ward.objects.get(code="E05000010").name == "Riverside and Quay"
    assert Ward.objects.filter(code="E05000011", name="Westgate").exists()
    assert Team.objects.get(code="EHW").agency.code == "EH"


@pytest.mark.django_db
def test_it_applies_nothing_from_a_bad_file(settings, bad_file):
    settings.EARLYHELP_COUNCIL_FILE = str(bad_file)
    Team.objects.filter(code="EHS").update(name="Old name")
    with pytest.raises(SystemExit):
        run("apply")
    assert Team.objects.get(code="EHS").name == "Old name"


@pytest.mark.django_db
def test_it_keeps_records_the_file_no_longer_names():
    Ward.objects.create(code="E05009999", name="Abolished ward")
    call_command("council", "apply", stdout=StringIO())
    assert Ward.objects.filter(code="E05009999").exists()


@pytest.mark.django_db
def test_it_restores_the_council_s_records_after_migrate():
    Team.objects.all().delete()
    Ward.objects.all().delete()
    call_command("migrate", verbosity=0, stdout=StringIO())
    assert Ward.objects.count() == 10
    assert Team.objects.count() == 4
