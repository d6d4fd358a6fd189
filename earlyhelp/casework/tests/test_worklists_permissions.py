"""Who has which work list: my families for those with a caseload, my team for team managers
and the front door, families awaiting allocation for team managers; the rest are refused."""

import pytest
from django.urls import reverse

from earlyhelp.access.models import Role
from earlyhelp.core.testing import login, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

EVERYONE = ["referrer", "other_referrer", "front_door", "duty_manager", "practitioner",
            "team_manager", "taf_member", "analyst", "admin", "outsider"]
ALLOWED = {
    "my_families": {"practitioner", "team_manager", "outsider"},
    "my_team": {"team_manager", "front_door", "duty_manager"},
    "awaiting": {"team_manager"},
}


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("page", sorted(ALLOWED))
def test_each_cast_member(client, cast, who, page):
    response = login(client, getattr(cast, who)).get(reverse(f"casework:{page}"))
    assert response.status_code == (200 if who in ALLOWED[page] else 403)


@pytest.mark.parametrize("page", sorted(ALLOWED))
def test_a_panel_chair_has_no_work_list(client, cast, page):
    chair = make_user("pam_chair", Role.PANEL_CHAIR, "EH")
    assert login(client, chair).get(reverse(f"casework:{page}")).status_code == 403


@pytest.mark.parametrize("page", sorted(ALLOWED))
def test_lists_take_no_posts(client, cast, page):
    response = login(client, cast.team_manager).post(reverse(f"casework:{page}"))
    assert response.status_code == 405
