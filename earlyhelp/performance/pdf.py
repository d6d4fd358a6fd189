"""Pages printed to PDF on the server by WeasyPrint, from our own static files only."""

from __future__ import annotations

import logging
import mimetypes
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML, Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The page's own address while it is printed. The .invalid domain never resolves, so even a
# fetcher that let an address through could not reach anything with it.
BASE_URL = "https://earlyhelp.invalid/"

# The stylesheet is written for browsers, and WeasyPrint warns of every rule it cannot use (a
# few hundred a page); only its errors (a file it could not fetch) are worth the log's room.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class Refused(ValueError):
    """An address the PDF may not fetch: anything but one of our own static files."""


def static_file(url: str) -> Path | None:
    """The file on disk behind one of our static addresses (the stylesheet, its images), or
    None for any other address: another host, another scheme, a path outside STATIC_URL."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else (
        "/" + settings.STATIC_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    path = unquote(parts.path)
    if not path.startswith(prefix):
        return None
    relative = posixpath.normpath(path.removeprefix(prefix))
    if relative.startswith(("..", "/")) or relative == ".":
        return None
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        return None
    if not found and settings.STATIC_ROOT:
        candidate = (Path(settings.STATIC_ROOT) / relative).resolve()
        if candidate.is_relative_to(Path(settings.STATIC_ROOT).resolve()):
            found = str(candidate)
    if not found or isinstance(found, list):
        return None
    file = Path(found)
    return file if file.is_file() else None


class StaticFilesOnly(URLFetcher):
    """WeasyPrint's fetcher, cut down to our static files read from disk: the report must
    never reach the network (a page could name any address), nor read other files."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        file = static_file(url)
        if file is None:
            raise Refused(f"Only the service's own static files are printed: {url}")
        mime_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, file.read_bytes(), headers={"Content-Type": mime_type})


def document(html: str) -> Document:
    """The laid-out pages of `html`, for print media (its @media print rules apply)."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly()).render()


def pdf_bytes(html: str) -> bytes:
    written = document(html).write_pdf()
    assert written is not None
    return bytes(written)
