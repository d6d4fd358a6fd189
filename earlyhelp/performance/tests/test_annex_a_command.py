"""`earlyhelp annex-a`: writes the workbook, says what it wrote, and records the export."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from earlyhelp import cli
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import Cast
from earlyhelp.performance.tests.test_annex_a_world import edges_world, read_back

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: Cast) -> dict[str, Any]:
    return edges_world(cast)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("annex_a", *args, stdout=out)
    return out.getvalue()


def test_writes_the_workbook_where_asked_and_counts_its_rows(
    world: dict[str, Any], tmp_path: Path,
) -> None:
    target = tmp_path / "for-ofsted.xlsx"
    said = run("--as-of", "2026-10-31", "--lists", "2", "--output", str(target))
    assert f"Wrote {target}" in said and "01/05/2026 to 31/10/2026" in said
    assert "List 2: 7 rows" in said
    sheets = read_back(target.read_bytes())
    assert list(sheets) == ["List 2"] and len(sheets["List 2"]) == 8
    event = AuditEvent.objects.get(verb=Verb.EXPORT)
    assert event.actor_label == "system"
    assert event.detail["lists"] == [2] and event.detail["as_of"] == "2026-10-31"


def test_all_three_lists_by_default_named_for_the_date_here(
    cast: Cast, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    said = run("--as-of", "2026-10-31")
    assert "List 1: 0 rows" in said and "List 3: 0 rows" in said
    assert list(read_back((tmp_path / "annex-a-2026-10-31.xlsx").read_bytes())) == [
        "List 1", "List 2", "List 3"]


def test_the_export_can_be_recorded_as_the_analysts(cast: Cast, tmp_path: Path) -> None:
    run("--as-of", "2026-10-31", "--output", str(tmp_path / "a.xlsx"), "--by", "ana_analyst")
    assert AuditEvent.objects.get(verb=Verb.EXPORT).actor_label == "ana_analyst"


def test_refuses_someone_who_may_not_export(cast: Cast, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="may not"):
        run("--as-of", "2026-10-31", "--output", str(tmp_path / "a.xlsx"),
            "--by", "pat_practitioner")
    assert not (tmp_path / "a.xlsx").exists()
    assert not AuditEvent.objects.filter(verb=Verb.EXPORT).exists()


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--as-of", "31/10/2026", "not a date"),
    ("--lists", "2,4", "1, 2 and 3"),
])
def test_bad_arguments_say_what_is_wrong(
    cast: Cast, tmp_path: Path, option: str, value: str, message: str,
) -> None:
    args = {"--as-of": "2026-10-31", "--output": str(tmp_path / "a.xlsx"), option: value}
    with pytest.raises(CommandError, match=message):
        run(*(part for pair in args.items() for part in pair))


def test_typed_with_a_dash_on_the_command_line(
    cast: Cast, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "a.xlsx"
    monkeypatch.setattr(sys, "argv", ["earlyhelp", "annex-a", "--as-of", "2026-10-31",
                                      "--lists", "1", "--output", str(target)])
    cli.main()
    assert "List 1: 0 rows" in capsys.readouterr().out
    assert target.exists()
