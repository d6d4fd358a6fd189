"""Named permission predicates. Access comes from relationships; a role only opens the door
to the relationships that role can have."""

from __future__ import annotations

from typing import Any

from earlyhelp.access.models import Role

FRONT_DOOR_ROLES = {Role.FRONT_DOOR, Role.DUTY_MANAGER}
CASEWORK_ROLES = {Role.PRACTITIONER, Role.TEAM_MANAGER}


def role_of(user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return str(user.role)


def works_front_door(user: Any) -> bool:
    """Front door officers and duty managers see every incoming request and its family."""
    return role_of(user) in FRONT_DOOR_ROLES


def can_decide_requests(user: Any) -> bool:
    return role_of(user) == Role.DUTY_MANAGER


def can_submit_requests(user: Any) -> bool:
    """Partner referrers submit online; front door staff take requests by phone."""
    return role_of(user) in {Role.REFERRER, Role.FRONT_DOOR, Role.DUTY_MANAGER, Role.PRACTITIONER,
                           Role.TEAM_MANAGER, Role.TAF_MEMBER}


def takes_phone_requests(user: Any) -> bool:
    return works_front_door(user)


def is_submitter(user: Any, request: Any) -> bool:
    return role_of(user) is not None and request.submitted_by_id == user.pk


def can_see_request(user: Any, request: Any) -> bool:
    return works_front_door(user) or is_submitter(user, request)


def can_see_family_history(user: Any) -> bool:
    """Whose role lets them see the history of every member of a family a request names."""
    return works_front_door(user)


def can_see_who_viewed(user: Any) -> bool:
    return role_of(user) in {Role.DUTY_MANAGER, Role.TEAM_MANAGER}


def is_allocated(user: Any, household: Any) -> bool:
    return role_of(user) is not None and household.lead_worker_id == user.pk


def in_household_team(user: Any, household: Any) -> bool:
    return (
        role_of(user) in CASEWORK_ROLES
        and user.team_id is not None
        and household.team_id == user.team_id
    )


def named_on_restriction(user: Any, household: Any) -> bool:
    return household.restricted_to.filter(pk=user.pk).exists()


def can_see_household(user: Any, household: Any) -> bool:
    if role_of(user) is None:
        return False
    if household.restricted:
        return named_on_restriction(user, household)
    return (
        works_front_door(user) or is_allocated(user, household)
        or in_household_team(user, household)
    )


def can_see_person(user: Any, person: Any) -> bool:
    """A person is seen through a household the user may see (or by the front door, which
    sees everyone); belonging to a restricted household hides them from anyone not named."""
    if role_of(user) is None:
        return False
    households = [membership.household for membership in person.memberships.all()]
    if any(h.restricted and not named_on_restriction(user, h) for h in households):
        return False
    return works_front_door(user) or any(can_see_household(user, h) for h in households)


def is_administrator(user: Any) -> bool:
    return role_of(user) == Role.ADMIN


# Casework -----------------------------------------------------------------------------------
# An episode's household carries its current team and lead worker (casework keeps them in
# step with the allocation), so seeing an episode is seeing its household.


def hidden_by_restriction(user: Any, household: Any) -> bool:
    return bool(household.restricted) and not named_on_restriction(user, household)


def manages_team(user: Any, team_id: int | None) -> bool:
    return (
        role_of(user) == Role.TEAM_MANAGER and team_id is not None and user.team_id == team_id
    )


def is_lead_worker(user: Any, episode: Any) -> bool:
    return role_of(user) is not None and episode.lead_worker_id == user.pk


def can_allocate(user: Any, episode: Any) -> bool:
    """A team manager allocates a family awaiting allocation to any team, and reallocates
    the families of their own team."""
    if role_of(user) != Role.TEAM_MANAGER or hidden_by_restriction(user, episode.household):
        return False
    return episode.team_id is None or manages_team(user, episode.team_id)


def can_see_episode(user: Any, episode: Any) -> bool:
    """The whole record of an episode: the family's lead professional and team, and the team
    managers who must choose where a family awaiting allocation goes. The front door sees a
    family's history (its requests, and that it had episodes, with whom and how they ended)
    on the request and on the family's record, not the casework itself: assessments, plans
    and notes need a relationship to the family, not the role that answers its requests."""
    if works_front_door(user):
        return False
    if can_see_household(user, episode.household):
        return True
    return episode.team_id is None and can_allocate(user, episode)


def can_work_on(user: Any, episode: Any) -> bool:
    """Change the record: the lead professional and the manager of the episode's team."""
    if role_of(user) is None or hidden_by_restriction(user, episode.household):
        return False
    return is_lead_worker(user, episode) or manages_team(user, episode.team_id)


def can_sign_off(user: Any, episode: Any) -> bool:
    """Assessments and closures are signed off by the manager of the episode's team."""
    return manages_team(user, episode.team_id) and not hidden_by_restriction(
        user, episode.household
    )


def can_sign_off_closure(user: Any, episode: Any) -> bool:
    """The team's manager; for a family never allocated, a manager who could allocate it."""
    if episode.team_id is None:
        return can_allocate(user, episode)
    return can_sign_off(user, episode)


def can_end_episode(user: Any, episode: Any) -> bool:
    """Close or step up: whoever works on the family, and for a family still awaiting
    allocation (consent withdrawn, or risk risen, before anyone was allocated) a manager who
    could allocate it."""
    if can_work_on(user, episode):
        return True
    return episode.team_id is None and can_allocate(user, episode)


def is_taf_partner(user: Any, episode: Any) -> bool:
    """A current member of the family's Team Around the Family, while the family consents."""
    if role_of(user) is None or not episode.consent_active:
        return False
    if hidden_by_restriction(user, episode.household):
        return False
    return episode.taf_members.filter(user=user, ended_at__isnull=True).exists()


def can_see_plan(user: Any, episode: Any) -> bool:
    """The plan and reviews: the record's viewers, and the TAF while consent stands."""
    return can_see_episode(user, episode) or is_taf_partner(user, episode)


def owns_action(user: Any, action: Any) -> bool:
    """A partner's own action: named to them, or to their agency."""
    if role_of(user) is None:
        return False
    if action.owner_user_id is not None:
        return bool(action.owner_user_id == user.pk)
    return action.owner_agency_id is not None and action.owner_agency_id == user.agency_id


def can_update_action(user: Any, action: Any, episode: Any) -> bool:
    """The lead professional and manager change any action; a TAF partner their own."""
    if can_work_on(user, episode):
        return True
    return owns_action(user, action) and is_taf_partner(user, episode)


def can_schedule_panels(user: Any) -> bool:
    return role_of(user) in {Role.PANEL_CHAIR, Role.TEAM_MANAGER}


def can_see_panel(user: Any, panel: Any) -> bool:
    """A panel's agenda and record: its chair, its members, and team managers (who list
    cases for it)."""
    if role_of(user) is None:
        return False
    if role_of(user) == Role.TEAM_MANAGER or panel.chair_id == user.pk:
        return True
    return panel.members.filter(pk=user.pk).exists()


def can_run_panel(user: Any, panel: Any) -> bool:
    """Record the panel's decisions: its chair."""
    return role_of(user) is not None and panel.chair_id == user.pk


def can_list_for_panel(user: Any, episode: Any) -> bool:
    return can_allocate(user, episode) or can_work_on(user, episode)


def can_audit_case(user: Any, episode: Any) -> bool:
    """The manager of the team that holds the family now."""
    return can_sign_off(user, episode) and can_see_episode(user, episode)


def can_see_case_audits(user: Any, episode: Any) -> bool:
    """The worker sees the audits of their case; their manager writes them. Both only while
    the family is theirs: a worker or team that has handed the family on sees none."""
    if not can_see_episode(user, episode):
        return False
    return can_audit_case(user, episode) or is_lead_worker(user, episode)


def works_cases(user: Any) -> bool:
    """Whose role has a caseload: "my families" and "my team" lists."""
    return role_of(user) in CASEWORK_ROLES


# Keep in touch ------------------------------------------------------------------------------


def can_keep_in_touch(user: Any, task: Any) -> bool:
    """A keep-in-touch call to a signposted family: the front door officers and duty managers
    of the task's team, the worker it is given to, and the manager of the task's team."""
    if role_of(user) is None or hidden_by_restriction(user, task.household):
        return False
    if task.worker_id is not None and task.worker_id == user.pk:
        return True
    if works_front_door(user) and user.team_id is not None and user.team_id == task.team_id:
        return True
    return manages_team(user, task.team_id)


# Episodes and work lists --------------------------------------------------------------------


def sees_team_list(user: Any) -> bool:
    """"My team": a team manager's families and calls; the front door team's keep-in-touch
    calls (it schedules them when it signposts a family)."""
    return role_of(user) == Role.TEAM_MANAGER or works_front_door(user)


def sees_awaiting_allocation(user: Any) -> bool:
    """The families awaiting allocation: the team managers who choose where each goes."""
    return role_of(user) == Role.TEAM_MANAGER


# Casework: step-down ----------------------------------------------------------------------


def can_refer_step_down(user: Any) -> bool:
    """Who the request form asks whether it is a step-down: children's social care's own
    staff, and the front door taking a call from them."""
    if not can_submit_requests(user):
        return False
    if takes_phone_requests(user):
        return True
    return user.agency_id is not None and user.agency.kind == "social_care"


# Casework: partners in a Team Around the Family -------------------------------------------


def is_taf_partner_by_role(user: Any) -> bool:
    """A partner professional whose work here is the families whose TAF they are in."""
    return role_of(user) == Role.TAF_MEMBER


def supports_families(user: Any) -> bool:
    """Whose menu offers "Families I support": partner professionals, who join families'
    Teams Around the Family (the list shows only the families they are in)."""
    return role_of(user) in {Role.TAF_MEMBER, Role.REFERRER}


def audits_team_cases(user: Any) -> bool:
    """A team manager audits their team's open cases each month."""
    return role_of(user) == Role.TEAM_MANAGER and user.team_id is not None


# Performance ------------------------------------------------------------------------------

PERFORMANCE_ROLES = {Role.ANALYST, Role.STRATEGIC_LEAD, Role.TEAM_MANAGER, Role.DUTY_MANAGER}


def sees_performance(user: Any) -> bool:
    """The dashboard, the strategy action plan and the committee report: figures about the
    whole service, never a family's name. Analysts and strategic leads answer for them;
    managers run the service they describe."""
    return role_of(user) in PERFORMANCE_ROLES


def sees_records_behind_figures(user: Any) -> bool:
    """Whose figures link to the records behind them. The lists are still filtered to the
    families the user may see; analysts and strategic leads see numbers, not names."""
    return role_of(user) in {Role.TEAM_MANAGER, Role.DUTY_MANAGER}


def can_manage_strategy(user: Any) -> bool:
    """The strategic lead keeps the strategy action plan and its statuses."""
    return role_of(user) == Role.STRATEGIC_LEAD


def can_export_annex_a(user: Any) -> bool:
    """Ofsted's Annex A lists name children (their IDs and dates of birth): the performance
    analyst who prepares the return for an inspection."""
    return role_of(user) == Role.ANALYST


def can_export_extracts(user: Any) -> bool:
    """The pseudonymised extracts for Power BI and spreadsheets."""
    return role_of(user) == Role.ANALYST


def sees_exports(user: Any) -> bool:
    """The exports page, and the link to it: for those who may export something from it."""
    return can_export_annex_a(user) or can_export_extracts(user)
