"""Who may see a family's reviews and who may record one; everyone else is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from earlyhelp.access.models import Role
from earlyhelp.casework.models import Episode, Review, TafMember
from earlyhelp.casework.tests.test_reviews_actions import Planned, planned_episode
from earlyhelp.casework.tests.test_reviews_views import add_review, form_data
from earlyhelp.core.testing import Cast, login, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

# Who sees the reviews: the lead professional and their manager (who record them), the rest of
# the team (who only read), and the Team Around the Family while the family consents. Anyone
# else, the front door included, is told there is no such family.
READ = {"practitioner": 200, "team_manager": 200, "colleague": 200, "front_door": 404,
        "duty_manager": 404, "taf_member": 200, "taf_without_consent": 404,
        "referrer": 404, "other_referrer": 404, "analyst": 404, "admin": 404, "outsider": 404}
WRITE = {**READ, "colleague": 403, "taf_member": 403}


def with_taf(cast: Cast, *, consent: bool) -> Planned:
    planned = planned_episode(cast)
    TafMember.objects.create(episode=planned.episode, user=cast.taf_member, role="Health visitor",
                             added_by=cast.practitioner, added_at=timezone.now())
    if not consent:
        Episode.objects.filter(pk=planned.episode.pk).update(consent_active=False)
    return planned


def who(cast: Cast, name: str):  # type: ignore[no-untyped-def]
    if name == "colleague":
        # A second practitioner in the family's team: reads the team's families.
        return make_user("pip_colleague", Role.PRACTITIONER, "EH", "EHN")
    return getattr(cast, "taf_member" if name == "taf_without_consent" else name)


def planned_for(cast: Cast, name: str) -> Planned:
    if name in {"taf_member", "taf_without_consent"}:
        return with_taf(cast, consent=name == "taf_member")
    return planned_episode(cast)


@pytest.mark.parametrize(("name", "status"), READ.items())
def test_the_reviews_page(client, cast, name, status):
    planned = planned_for(cast, name)
    login(client, who(cast, name))
    assert client.get(reverse("casework:reviews", args=[planned.episode.pk])).status_code \
        == status


@pytest.mark.parametrize(("name", "status"), READ.items())
def test_a_review(client, cast, name, status):
    planned = planned_for(cast, name)
    review = add_review(planned, cast, dt.date(2026, 10, 30), 6)
    login(client, who(cast, name))
    url = reverse("casework:review", args=[planned.episode.pk, review.pk])
    assert client.get(url).status_code == status


@pytest.mark.parametrize(("name", "status"), WRITE.items())
def test_the_new_review_form(client, cast, name, status):
    planned = planned_for(cast, name)
    login(client, who(cast, name))
    assert client.get(reverse("casework:review_new", args=[planned.episode.pk])).status_code \
        == status


@pytest.mark.parametrize(("name", "status"), WRITE.items())
def test_recording_a_review(client, cast, name, status):
    planned = planned_for(cast, name)
    login(client, who(cast, name))
    response = client.post(reverse("casework:review_new", args=[planned.episode.pk]),
                           form_data(planned))
    assert response.status_code == (302 if status == 200 else status)
    assert Review.objects.exists() is (status == 200)


def test_a_partner_who_has_left_the_team_around_the_family_is_refused(client, cast):
    planned = with_taf(cast, consent=True)
    TafMember.objects.filter(user=cast.taf_member).update(ended_at=timezone.now())
    login(client, cast.taf_member)
    assert client.get(reverse("casework:reviews", args=[planned.episode.pk])).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, cast):
    planned = planned_episode(cast)
    for name in ("reviews", "review_new"):
        response = client.get(reverse(f"casework:{name}", args=[planned.episode.pk]))
        assert response.status_code == 302 and response.url.startswith("/sign-in/")
