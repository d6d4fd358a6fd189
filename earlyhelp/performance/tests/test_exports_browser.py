"""The analyst's returns and extracts in Chromium, each state checked with axe-core: the page,
its mistakes, and Annex A and an extract downloaded."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from earlyhelp.core.testing import allocated_episode

pytestmark = pytest.mark.browser


def test_the_analyst_downloads_annex_a_and_an_extract(tabs, cast, tmp_path: Path):
    allocated_episode(cast)
    desk = tabs.open("analyst")
    page = desk.sign_in(cast.analyst, "/performance/exports/")
    expect(page.get_by_role("heading", name="Returns and extracts", level=1)).to_be_visible()
    desk.check()

    page.get_by_role("button", name="Download Annex A").click()
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Enter the date the six months run up to")
    expect(errors).to_contain_text("Select at least one list")
    desk.check()

    for name in ("List 1: contacts", "List 2: early help", "List 3: referrals"):
        page.get_by_label(name).check()

    as_of = page.get_by_role("group", name="Date the six months run up to")
    as_of.get_by_label("Day").fill("30")
    as_of.get_by_label("Month").fill("11")
    as_of.get_by_label("Year").fill("2026")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download Annex A").click()
    assert download.value.suggested_filename == "annex-a-2026-11-30.xlsx"
    saved = tmp_path / "annex-a.xlsx"
    download.value.save_as(saved)
    book = load_workbook(saved, read_only=True)
    assert book.sheetnames == ["List 1", "List 2", "List 3"]
    header = next(book["List 2"].iter_rows(max_row=1, values_only=True))
    assert header[0] == "Child Unique ID"

    page.get_by_label("Requests for support (a row for each person named)").check()
    first = page.get_by_role("group", name="First day")
    first.get_by_label("Day").fill("1")
    first.get_by_label("Month").fill("11")
    first.get_by_label("Year").fill("2026")
    last = page.get_by_role("group", name="Last day")
    last.get_by_label("Day").fill("30")
    last.get_by_label("Month").fill("11")
    last.get_by_label("Year").fill("2026")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download extract").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert len(rows) > 1
    assert not any("Brown" in cell for row in rows for cell in row)
