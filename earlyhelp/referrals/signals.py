"""What the front door tells later stages, sent inside the transaction of the change."""

from django.dispatch import Signal

# A person a request names was linked to a record, so the request's household is known:
# request=. Sent for every person linked, as each may bring earlier involvement with them.
household_linked = Signal()

# The duty manager decided a request with a level and outcome: request=, by= (an Origin).
request_decided = Signal()
