"""Who may open and record a keep-in-touch call: the front door officers, duty managers and
manager of the call's team, and the worker it is given to; anyone else finds nothing (404)."""

import pytest
from django.urls import reverse

from earlyhelp.access.models import Role
from earlyhelp.casework.models import KeepInTouch
from earlyhelp.core.testing import decided_family, login, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

MAY = {
    "front_door": 200, "duty_manager": 200, "front_door_manager": 200, "worker": 200,
    "practitioner": 404, "team_manager": 404, "other_front_door": 404, "taf_member": 404,
    "referrer": 404, "other_referrer": 404, "analyst": 404, "admin": 404, "outsider": 404,
}


def call_and_user(cast, who):
    request = decided_family(cast, outcome=1)
    call = KeepInTouch.objects.filter(request=request).order_by("due_on").first()
    if who == "worker":
        KeepInTouch.objects.filter(pk=call.pk).update(worker=cast.practitioner)
        return call, cast.practitioner
    if who == "front_door_manager":
        return call, make_user("fay_fdmanager", Role.TEAM_MANAGER, "EH", "FD")
    if who == "other_front_door":
        return call, make_user("eli_elsewhere", Role.FRONT_DOOR, "EH", "EHS")
    return call, getattr(cast, who)


@pytest.mark.parametrize(("who", "status"), MAY.items())
def test_who_may_open_a_call(client, cast, who, status):
    call, someone = call_and_user(cast, who)
    login(client, someone)
    assert client.get(reverse("casework:keep_in_touch", args=[call.pk])).status_code == status


@pytest.mark.parametrize(("who", "status"), MAY.items())
def test_who_may_record_a_call(client, cast, who, status):
    call, someone = call_and_user(cast, who)
    login(client, someone)
    response = client.post(reverse("casework:keep_in_touch", args=[call.pk]),
                           {"outcome": "All well.", "more_help": "no"})
    assert response.status_code == (302 if status == 200 else status)
    call.refresh_from_db()
    assert (call.done_by == someone) if status == 200 else call.done_at is None


def test_anyone_not_signed_in_is_sent_to_sign_in(client, cast):
    call, _ = call_and_user(cast, "front_door")
    for method in (client.get, client.post):
        response = method(reverse("casework:keep_in_touch", args=[call.pk]))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_missing_call_is_not_found(client, cast):
    login(client, cast.front_door)
    assert client.get(reverse("casework:keep_in_touch", args=[999])).status_code == 404
