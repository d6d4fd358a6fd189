"""Which moves a request for support may make."""

import pytest

from earlyhelp.core.errors import TransitionNotAllowed
from earlyhelp.referrals.workflow import Status, can_move, check_move, is_open

DECIDED = [Status.DECIDED, Status.NO_FURTHER_ACTION, Status.ROUTED_TO_SOCIAL_CARE]


@pytest.mark.parametrize("target", DECIDED)
def test_it_lets_a_received_request_be_decided_each_way(target):
    assert can_move(Status.RECEIVED, target)
    check_move(Status.RECEIVED, target)


@pytest.mark.parametrize("current", DECIDED)
@pytest.mark.parametrize("target", [Status.RECEIVED, *DECIDED])
def test_it_never_reopens_or_redecides_a_decided_request(current, target):
    assert not can_move(current, target)
    with pytest.raises(TransitionNotAllowed, match="already been closed"):
        check_move(current, target)


def test_it_says_why_a_closed_request_cannot_be_decided():
    with pytest.raises(TransitionNotAllowed) as caught:
        check_move(Status.NO_FURTHER_ACTION, Status.DECIDED)
    assert str(caught.value) == (
        "This request has already been closed (no further action), so it cannot be decided again."
    )


def test_it_counts_only_a_received_request_as_open():
    assert is_open(Status.RECEIVED)
    assert not any(is_open(status) for status in DECIDED)
