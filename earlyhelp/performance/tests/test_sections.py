"""The performance pages link to each other, each role to the pages it may open."""

from __future__ import annotations

import re

import pytest

from earlyhelp.core.testing import Cast, login

PAGES = {
    "Dashboard": "/performance/",
    "Committee report": "/performance/report/",
    "Strategy action plan": "/performance/strategy/",
    "Returns and extracts": "/performance/exports/",
}


def sections(html: str) -> str:
    nav = re.search(r'<nav class="eh-sections[^>]*>(.*?)</nav>', html, re.S)
    assert nav is not None, "the page has no links to the other performance pages"
    return nav[1]


def section_links(html: str) -> dict[str, str]:
    return {label.strip(): href for href, label in
            re.findall(r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)</a>', sections(html))}


@pytest.mark.parametrize("page", list(PAGES.values()))
def test_the_analyst_reaches_every_performance_page_from_each(client, cast: Cast, page: str):
    response = login(client, cast.analyst).get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert section_links(html) == PAGES
    current = re.search(r'href="([^"]+)" aria-current="page"', sections(html))
    assert current is not None and current[1] == page


@pytest.mark.parametrize("member", ["strategic_lead", "team_manager", "duty_manager"])
def test_others_are_not_offered_the_returns_they_may_not_take(client, cast: Cast, member: str):
    html = login(client, getattr(cast, member)).get("/performance/").content.decode()
    links = section_links(html)
    assert "Returns and extracts" not in links
    assert links["Committee report"] == "/performance/report/"
    for url in links.values():
        assert client.get(url).status_code == 200, url
