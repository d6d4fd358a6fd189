"""The menu gives each role its casework lists, and keeps the items it had."""

import pytest
from django.urls import reverse

from earlyhelp.access.models import Role
from earlyhelp.core.testing import login, make_user

pytestmark = [pytest.mark.django_db]


def menu(client, user, url=None):
    response = login(client, user).get(url or reverse("account"))
    return {item["label"]: item for item in response.context["nav_items"]}


def test_each_role_gets_its_lists(client, cast):
    assert {"My families", "Awaiting allocation", "My team", "Panels", "My requests",
            "Account"} <= set(menu(client, cast.team_manager))
    worker = set(menu(client, cast.practitioner))
    assert "My families" in worker and "My team" not in worker and "Panels" not in worker
    front_door = set(menu(client, cast.front_door))
    assert {"Duty queue", "My team"} <= front_door and "My families" not in front_door
    chair = make_user("pam_chair", Role.PANEL_CHAIR, "EH")
    assert set(menu(client, chair)) == {"Panels", "Account"}
    for user in (cast.referrer, cast.taf_member, cast.analyst, cast.admin):
        assert not {"My families", "My team", "Awaiting allocation", "Panels"} & set(
            menu(client, user))


def test_only_the_page_shown_is_marked_current(client, cast):
    items = menu(client, cast.team_manager, reverse("casework:my_team"))
    assert items["My team"]["active"] and not items["My families"]["active"]
    items = menu(client, cast.team_manager, reverse("casework:my_families"))
    assert items["My families"]["active"] and not items["My team"]["active"]


def test_the_home_page_links_a_panel_chair_to_the_panels(client, cast):
    chair = make_user("pam_chair", Role.PANEL_CHAIR, "EH")
    page = login(client, chair).get(reverse("home")).content.decode()
    assert f'href="{reverse("casework:panels")}"' in page
