"""What a partner system's API token is: made once and shown once, kept only as a SHA-256
hash. Making, revoking and using one are in access/actions.py."""

from __future__ import annotations

import datetime as dt
import hashlib

# The prefix lets a leaked token be recognised by secret scanners and by people.
PREFIX = "eh_"

# Writing last_used_at on every call would turn each read into a write; once a minute is
# enough to tell an administrator whether a token is still in use.
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
