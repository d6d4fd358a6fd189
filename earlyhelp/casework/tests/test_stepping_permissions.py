"""Who may see the step-up and edge-of-care pages and who may use them; everyone else is
refused, a family they have no relationship with being missing (404)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from earlyhelp.casework.models import StepUp, TafMember
from earlyhelp.casework.tests.test_notes_permissions import MATRIX, user_for
from earlyhelp.core.testing import allocated_episode, login

pytestmark = pytest.mark.usefixtures("monday_morning")

# who: (GET, POST), as for the case notes. Readers see the page, which says who can act, but
# cannot act.


@pytest.fixture
def episode(cast):
    episode = allocated_episode(cast)
    TafMember.objects.create(episode=episode, user=cast.taf_member, role="Health visitor",
                             added_by=cast.practitioner, added_at=timezone.now())
    return episode


@pytest.mark.parametrize(("who", "get_status", "post_status"), MATRIX)
def test_step_up(client, cast, episode, who, get_status, post_status):
    login(client, user_for(cast, who))
    url = reverse("casework:step_up", args=[episode.pk])
    assert client.get(url).status_code == get_status
    assert client.post(url, {"reason": "Risk has risen."}).status_code == post_status
    assert StepUp.objects.exists() == (post_status == 302)


@pytest.mark.parametrize(("who", "get_status", "post_status"), MATRIX)
def test_edge_of_care(client, cast, episode, who, get_status, post_status):
    login(client, user_for(cast, who))
    url = reverse("casework:edge_of_care", args=[episode.pk])
    assert client.get(url).status_code == get_status
    response = client.post(url, {"edge_of_care": "imminent_risk", "reason": "Risk."})
    assert response.status_code == post_status
    episode.refresh_from_db()
    assert (episode.edge_of_care == "imminent_risk") == (post_status == 302)


def test_signed_out_users_are_sent_to_sign_in(client, episode):
    for name in ("casework:step_up", "casework:edge_of_care"):
        response = client.get(reverse(name, args=[episode.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")
