"""Families I support: a TAF partner's list of the families whose team they are in, with
their own open actions, while each family consents."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from earlyhelp.casework.actions.taf import add_taf_member, withdraw_consent
from earlyhelp.casework.models import ActionOwner, PlanAction
from earlyhelp.casework.tests.test_plan_builders import planned_action, planned_episode
from earlyhelp.casework.tests.test_worklists_builders import family, give_history
from earlyhelp.core.testing import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]


def _page(client, user):
    response = login(client, user).get(reverse("casework:supporting"))
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_the_partners_families_with_their_own_actions(client, cast):
    episode = planned_episode(cast)
    planned_action(cast, episode)  # owned by the health visiting service, her agency
    late = planned_action(cast, episode)
    # Agreed a fortnight ago and now a day late.
    PlanAction.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - dt.timedelta(1))
    planned_action(cast, episode, owner_kind=ActionOwner.WORKER, owner_agency=None,
                   owner_user=cast.practitioner)  # the worker's, not hers
    page = _page(client, cast.taf_member)
    assert "The Brown family" in page
    assert reverse("casework:plan", args=[episode.pk]) in page
    assert "Health visitor" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in page
    assert "1 overdue" in page


def test_a_family_that_withdraws_consent_leaves_the_list_at_once(client, cast):
    episode = planned_episode(cast)
    assert "The Brown family" in _page(client, cast.taf_member)
    withdraw_consent(episode, given_by="Kelly Brown (mother)", note="",
                     by=cast.origin(cast.practitioner))
    page = _page(client, cast.taf_member)
    assert "The Brown family" not in page
    assert "You are not in any family" in page


def test_someone_in_no_team_sees_no_family(client, cast):
    planned_episode(cast)
    for user in (cast.outsider, cast.referrer, cast.other_referrer):
        assert "The Brown family" not in _page(client, user)


def test_the_list_takes_the_same_queries_for_one_family_as_for_many(client, cast):
    def supported(name):
        episode = family(cast, name, worker=cast.practitioner)
        give_history(episode, cast.practitioner, actions=6, reviews=4, notes=6)
        add_taf_member(episode, user=cast.taf_member, role="School nurse",
                       by=cast.origin(cast.practitioner))

    supported("Adams")
    login(client, cast.taf_member)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("casework:supporting"))
    for name in ("Baker", "Clark", "Davis", "Evans"):
        supported(name)
    with CaptureQueriesContext(connection) as five:
        page = client.get(reverse("casework:supporting")).content.decode()
    assert "The Evans family" in page
    assert len(five) == len(one)


def test_the_menu_offers_it_to_partners_and_the_home_page_sends_them_there(client, cast):
    login(client, cast.taf_member)
    assert client.get(reverse("home"))["Location"] == reverse("casework:supporting")
    assert "Families I support" in client.get(reverse("casework:supporting")).content.decode()

