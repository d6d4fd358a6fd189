"""What the front door tells later stages, sent inside the transaction of the change."""

from django.dispatch import Signal

# A request's household became known (its first person was matched or created): request=.
household_linked = Signal()

# The duty manager decided a request with a level and outcome: request=, by= (an Origin).
request_decided = Signal()
