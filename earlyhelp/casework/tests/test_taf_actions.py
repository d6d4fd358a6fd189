"""Partners joining and leaving a family's Team Around the Family, and the family's consent."""

from __future__ import annotations

import pytest

from earlyhelp.access import rules
from earlyhelp.access.models import Role
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.plan import update_action
from earlyhelp.casework.actions.taf import (
    add_taf_member,
    end_taf_membership,
    give_consent,
    withdraw_consent,
)
from earlyhelp.casework.models import ConsentRecord, Episode, TafMember
from earlyhelp.casework.tests.test_plan_builders import colleague, planned_action, planned_episode
from earlyhelp.casework.workflow import ActionStatus, EpisodeStatus
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.core.testing import Cast, allocated_episode, make_user

pytestmark = pytest.mark.django_db


def test_a_partner_added_to_the_taf_sees_the_plan_but_not_the_record(cast: Cast) -> None:
    episode = allocated_episode(cast)
    assert not rules.can_see_plan(cast.taf_member, episode)

    member = add_taf_member(episode, user=cast.taf_member, role=" Health visitor ",
                            by=cast.origin(cast.practitioner))

    assert member.role == "Health visitor" and member.added_by == cast.practitioner
    assert rules.can_see_plan(cast.taf_member, episode)
    assert not rules.can_see_episode(cast.taf_member, episode)
    event = AuditEvent.objects.filter(verb=Verb.CREATE, object_type="TafMember").get()
    assert event.household_id == episode.household_id
    assert event.detail == {"taf_member": cast.taf_member.pk, "role": "Health visitor"}


def test_adding_someone_already_in_the_taf_says_so(cast: Cast) -> None:
    episode = allocated_episode(cast)
    by = cast.origin(cast.practitioner)
    add_taf_member(episode, user=cast.taf_member, role="Health visitor", by=by)

    with pytest.raises(InvalidInput) as refused:
        add_taf_member(episode, user=cast.taf_member, role="Health visitor", by=by)

    assert refused.value.problems == {
        "user": "Toby Tester is already in the Team Around the Family"}
    assert TafMember.objects.count() == 1


def test_who_may_join_every_reason_at_once(cast: Cast) -> None:
    episode = allocated_episode(cast)
    by = cast.origin(cast.team_manager)

    with pytest.raises(InvalidInput) as refused:
        add_taf_member(episode, user=cast.analyst, role="  ", by=by)
    assert set(refused.value.problems) == {"user", "role"}
    assert "cannot join" in refused.value.problems["user"]

    same_team = make_user("sue_sameteam", Role.PRACTITIONER, "EH", "EHN")
    with pytest.raises(InvalidInput):
        add_taf_member(episode, user=same_team, role="Family worker", by=by)

    # A practitioner of another team, a referrer and a panel chair are partners.
    for user in (cast.outsider, cast.referrer,
                 make_user("pam_panel", Role.PANEL_CHAIR, "EH")):
        add_taf_member(episode, user=user, role="Partner", by=by)
    assert episode.taf_members.count() == 3


def test_only_the_lead_and_manager_change_the_taf(cast: Cast) -> None:
    episode = allocated_episode(cast)
    for user in (colleague(), cast.front_door, cast.taf_member, cast.outsider):
        with pytest.raises(PermissionDenied):
            add_taf_member(episode, user=cast.referrer, role="School", by=cast.origin(user))
    assert not TafMember.objects.exists()


def test_a_closed_episode_is_not_changed(cast: Cast) -> None:
    episode = allocated_episode(cast)
    member = add_taf_member(episode, user=cast.taf_member, role="Health visitor",
                            by=cast.origin(cast.practitioner))
    Episode.objects.filter(pk=episode.pk).update(status=EpisodeStatus.CLOSED)
    by = cast.origin(cast.practitioner)

    with pytest.raises(TransitionNotAllowed, match="closed"):
        add_taf_member(episode, user=cast.referrer, role="School", by=by)
    with pytest.raises(TransitionNotAllowed, match="closed"):
        end_taf_membership(member, by=by)
    with pytest.raises(TransitionNotAllowed, match="closed"):
        withdraw_consent(episode, given_by="Kelly Brown (mother)", by=by)


def test_ending_a_membership_ends_the_partners_access_and_keeps_the_history(cast: Cast) -> None:
    episode = planned_episode(cast)
    member = episode.taf_members.get()

    end_taf_membership(member, by=cast.origin(cast.practitioner))

    member.refresh_from_db()
    assert member.ended_at is not None
    assert not rules.can_see_plan(cast.taf_member, episode)
    with pytest.raises(TransitionNotAllowed, match="already left"):
        end_taf_membership(member, by=cast.origin(cast.practitioner))
    # They may join again later, as a new membership.
    add_taf_member(episode, user=cast.taf_member, role="Health visitor",
                   by=cast.origin(cast.practitioner))
    assert episode.taf_members.count() == 2


def test_withdrawing_consent_removes_the_partners_access_at_once(cast: Cast) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)
    assert rules.can_update_action(cast.taf_member, action, episode)

    record = withdraw_consent(episode, given_by="Kelly Brown (mother)",
                              note="Does not want the school involved",
                              by=cast.origin(cast.practitioner))

    episode.refresh_from_db()
    assert not episode.consent_active
    assert (record.given, record.given_by, record.recorded_by) == (
        False, "Kelly Brown (mother)", cast.practitioner)
    assert not rules.can_see_plan(cast.taf_member, episode)
    with pytest.raises(PermissionDenied):
        update_action(action, version=action.version, status=ActionStatus.DONE,
                      by=cast.origin(cast.taf_member))
    event = AuditEvent.objects.filter(verb=Verb.UPDATE, object_type="Episode").last()
    assert event is not None
    assert event.detail == {"consent": "withdrawn", "consent_record": record.pk}
    # The lead professional still works on the family.
    assert rules.can_update_action(cast.practitioner, action, episode)


def test_giving_consent_again_restores_the_partners_access(cast: Cast) -> None:
    episode = planned_episode(cast)
    by = cast.origin(cast.team_manager)
    withdraw_consent(episode, given_by="Kelly Brown (mother)", by=by)

    give_consent(episode, given_by="Kelly Brown (mother)", note="Agreed at the home visit",
                 by=by)

    episode.refresh_from_db()
    assert episode.consent_active
    assert rules.can_see_plan(cast.taf_member, episode)
    assert list(ConsentRecord.objects.values_list("given", flat=True)) == [False, True]


def test_consent_refusals(cast: Cast) -> None:
    episode = planned_episode(cast)
    by = cast.origin(cast.practitioner)
    with pytest.raises(TransitionNotAllowed, match="already stands"):
        give_consent(episode, given_by="Kelly Brown", by=by)
    with pytest.raises(InvalidInput) as refused:
        withdraw_consent(episode, given_by=" ", by=by)
    assert refused.value.problems == {"given_by": "Say who in the family withdrew consent"}
    with pytest.raises(PermissionDenied):
        withdraw_consent(episode, given_by="Kelly Brown", by=cast.origin(cast.taf_member))
    withdraw_consent(episode, given_by="Kelly Brown", by=by)
    with pytest.raises(TransitionNotAllowed, match="already withdrawn"):
        withdraw_consent(episode, given_by="Kelly Brown", by=by)
    assert ConsentRecord.objects.count() == 1


def test_a_restricted_familys_team_takes_only_partners_named_on_the_restriction(
    cast: Cast,
) -> None:
    episode = allocated_episode(cast)
    household = episode.household
    household.restricted = True
    household.save(update_fields=["restricted"])
    household.restricted_to.add(cast.practitioner)
    with pytest.raises(InvalidInput) as refused:
        add_taf_member(episode, user=cast.taf_member, role="Health visitor",
                       by=cast.origin(cast.practitioner))
    assert "restricted record" in refused.value.problems["user"]
