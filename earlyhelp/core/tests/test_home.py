"""The home page sends each user to where their work is."""

import pytest
from django.urls import reverse

from earlyhelp.core.testing import login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("who", "lands_on"), [
    ("front_door", "referrals:queue"),
    ("duty_manager", "referrals:queue"),
    ("practitioner", "casework:my_families"),
    ("team_manager", "casework:my_families"),
    ("referrer", "referrals:mine"),
    ("taf_member", "casework:supporting"),
    ("analyst", "performance:dashboard"),
    ("strategic_lead", "performance:dashboard"),
])
def test_it_sends_each_role_to_its_work(client, cast, who, lands_on):
    response = login(client, getattr(cast, who)).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(lands_on)


def test_it_shows_an_administrator_the_home_page(client, cast):
    assert login(client, cast.admin).get(reverse("home")).status_code == 200
