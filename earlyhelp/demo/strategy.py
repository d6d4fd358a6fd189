"""The demo borough's Early Help strategy action plan: five themes, 46 key actions and two
years of quarterly reviews of their status."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from earlyhelp.access.models import Role, User
from earlyhelp.performance.models import StatusChange, StrategyAction, Theme
from earlyhelp.performance.workflow import Brag

LONDON = ZoneInfo("Europe/London")
PLAN_MONTHS = 24
REFRESH_MONTHS = 12  # the plan was refreshed after its first year, adding actions
# Where the plan stands today, as the committee's last report put it.
FINAL = {Brag.BLUE: 9, Brag.RED: 1, Brag.AMBER: 1}

# Theme, then (action, who leads it) in the order the plan numbers them. Those marked "+"
# were added when the plan was refreshed after its first year.
PLAN: list[tuple[str, list[tuple[str, str]]]] = [
    ("Help me get the services I need", [
        ("Open a single front door for early help requests from every partner",
         "Head of Early Help"),
        ("Publish the early help offer on the Family Information Service website",
         "Family Information Service Manager"),
        ("Open family hubs in each of the four localities", "Family Hubs Manager"),
        ("Agree a shared early help assessment with health, schools and the police",
         "Early Help Partnership Manager"),
        ("Train 300 partner staff as lead professionals", "Workforce Development Manager"),
        ("Decide every request for support within two working days", "Head of Early Help"),
        ("Give schools a named early help link worker", "Head of Education Access"),
        ("Bring the 0-19 public health service into the family hubs",
         "Public Health Consultant (0-19)"),
        ("+Offer evening and Saturday sessions at every family hub", "Family Hubs Manager"),
        ("+Run a digital front door for families to ask for help themselves",
         "Head of Digital Services"),
    ]),
    ("Help me learn and achieve my goals", [
        ("Raise attendance of children receiving early help to the borough average",
         "Head of Education Access"),
        ("Reduce fixed-term exclusions of children with a family plan",
         "Head of Education Access"),
        ("Support every school to use the graduated response for SEND",
         "SEND Service Manager"),
        ("Increase the take-up of funded two-year-old childcare places",
         "Early Years Service Manager"),
        ("Offer a transition programme to pupils at risk of not settling at secondary school",
         "Virtual School Head"),
        ("Halve the number of 16 and 17 year olds not in education, employment or training",
         "Head of Youth Services"),
        ("Give young carers a plan in school", "Young Carers Service Lead"),
        ("+Provide speech and language support in every family hub",
         "Principal Educational Psychologist"),
        ("+Offer holiday activities and food to every eligible child",
         "Head of Commissioning"),
    ]),
    ("Help my parents take good care of me", [
        ("Offer an evidence-based parenting programme in each locality",
         "Parenting Services Manager"),
        ("Offer Reducing Parental Conflict training to all early help staff",
         "Workforce Development Manager"),
        ("Provide perinatal mental health support through the family hubs",
         "Designated Nurse for Safeguarding"),
        ("Help parents into work with the Department for Work and Pensions",
         "Employment and Skills Manager"),
        ("Give families in temporary accommodation a named early help worker",
         "Housing Options Manager"),
        ("Offer debt and benefits advice at every family hub", "Welfare Rights Manager"),
        ("Expand the peer support programme for parents", "Voluntary Sector Forum Chair"),
        ("Train family hub staff in infant feeding support", "Public Health Consultant (0-19)"),
        ("Run a fathers' group in each locality", "Parenting Services Manager"),
        ("+Add a parent and carer voice to the Early Help Partnership Board",
         "Early Help Partnership Manager"),
    ]),
    ("Help me be safe and well", [
        ("Respond to every domestic abuse notification from the police within one working day",
         "Domestic Abuse Partnership Lead"),
        ("Offer Operation Encompass to every school", "Domestic Abuse Partnership Lead"),
        ("Put emotional health and wellbeing workers in secondary schools",
         "CAMHS Service Manager"),
        ("Reduce waiting times for children's mental health support", "CAMHS Service Manager"),
        ("Agree a protocol for stepping families down from social care to early help",
         "Head of Children's Social Care"),
        ("Reduce re-referrals within twelve months", "Head of Early Help"),
        ("Screen every child for exploitation risk at the front door",
         "Exploitation Team Manager"),
        ("Deliver substance misuse support for parents through the family hubs",
         "Substance Misuse Commissioning Manager"),
        ("+Publish a neglect strategy and toolkit for all partners",
         "Safeguarding Partnership Business Manager"),
    ]),
    ("Help me be part of my community", [
        ("Fund youth clubs in the four wards with highest need", "Head of Youth Services"),
        ("Bring young people onto the early help steering group", "Participation Lead"),
        ("Map community groups for families in each locality", "Voluntary Sector Forum Chair"),
        ("Reduce first-time entrants to the youth justice system",
         "Youth Justice Service Manager"),
        ("Offer detached youth work in town centres on weekend evenings",
         "Head of Youth Services"),
        ("Involve faith groups in the family hubs", "Community Cohesion Manager"),
        ("Run a volunteer befriending scheme for isolated families",
         "Voluntary Sector Forum Chair"),
        ("+Support community safety partnerships with a shared youth violence plan",
         "Community Safety Manager"),
    ]),
]

NOTES: dict[tuple[str, str], Sequence[str]] = {
    (Brag.GREEN, Brag.AMBER): [
        "Recruitment to the posts has taken longer than planned.",
        "Delayed while the contract is re-tendered.",
        "Slipped a quarter: staff moved to cover the front door over the summer.",
        "Partner agreement not yet signed; escalated to the Partnership Board.",
        "Venue not available until the building works finish.",
    ],
    (Brag.AMBER, Brag.GREEN): [
        "Back on track: posts filled and inducted.",
        "Partnership Board agreed the extra capacity; milestones re-set.",
        "Contract awarded; delivery started this quarter.",
        "Agreement signed by all partners.",
    ],
    (Brag.AMBER, Brag.RED): [
        "Provider withdrew; the service must be recommissioned.",
        "Funding not confirmed for next year; delivery paused.",
        "No progress this quarter; a recovery plan is going to the Board.",
    ],
    (Brag.GREEN, Brag.RED): [
        "Funding withdrawn by a partner; delivery has stopped.",
        "The lead partner can no longer deliver; an alternative is being sought.",
    ],
    (Brag.RED, Brag.AMBER): [
        "Interim arrangement in place while recommissioning completes.",
        "Recovery plan agreed; progress is slower than planned.",
    ],
    (Brag.GREEN, Brag.BLUE): [
        "Completed and reported to the Early Help Partnership Board.",
        "Delivered; now part of business as usual.",
        "Target met and sustained for two quarters.",
    ],
}
FIRST_NOTE = "Action added to the plan"
REFRESH_NOTE = "Action added when the plan was refreshed after its first year"


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, rng.randint(9, 16),
                       rng.choice([0, 15, 30, 45]), tzinfo=LONDON)


def _month_end(day: dt.date) -> dt.date:
    return day + relativedelta(day=31)


def _paths(final: str) -> list[list[Brag]]:
    """The ways an action may have moved after its start (Green) to end at `final`, longest
    first; the shortest needs one review."""
    return {
        Brag.BLUE: [[Brag.AMBER, Brag.GREEN, Brag.BLUE], [Brag.BLUE], [Brag.BLUE]],
        Brag.RED: [[Brag.AMBER, Brag.RED], [Brag.RED]],
        Brag.AMBER: [[Brag.AMBER, Brag.GREEN, Brag.AMBER], [Brag.AMBER]],
        Brag.GREEN: [[Brag.AMBER, Brag.RED, Brag.AMBER, Brag.GREEN], [Brag.AMBER, Brag.GREEN],
                     [Brag.AMBER, Brag.GREEN], [], [], [], []],
    }[Brag(final)]


def _due(final: str, created: dt.date, today: dt.date, rng: random.Random) -> dt.date:
    """Finished actions fell due in the past; those behind, lately; the rest are to come."""
    if final == Brag.BLUE:
        months = max(4, (today.year - created.year) * 12 + today.month - created.month - 2)
        return _month_end(created + relativedelta(months=rng.randint(3, months)))
    if final == Brag.RED:
        return _month_end(today - relativedelta(months=rng.randint(1, 3)))
    if final == Brag.AMBER:
        return _month_end(today + relativedelta(months=rng.randint(1, 3)))
    return _month_end(today + relativedelta(months=rng.randint(1, 15)))


def build(users: list[User], *, seed: int, now: dt.datetime) -> dict[str, int]:
    """Write the plan and its history, kept by the demo's strategic lead; the same seed and
    day build the same plan."""
    rng = random.Random(f"strategy action plan {seed}")
    lead = next(user for user in users if user.role == Role.STRATEGIC_LEAD)
    today = now.astimezone(LONDON).date()
    launched = today.replace(day=1) - relativedelta(months=PLAN_MONTHS)
    refreshed = launched + relativedelta(months=REFRESH_MONTHS)
    # The Partnership Board reviews the plan each quarter; statuses change after a review.
    reviews = [launched + relativedelta(months=3 * n, days=rng.randint(7, 20))
               for n in range(1, PLAN_MONTHS // 3 + 1)]
    reviews = [day for day in reviews if day < today]

    themes = Theme.objects.bulk_create(
        [Theme(title=title, position=position) for position, (title, _) in enumerate(PLAN)]
    )
    items = [(theme, number, title, owner)
             for theme, (_, listed) in zip(themes, PLAN, strict=True)
             for number, (title, owner) in enumerate(listed, start=1)]
    # Which actions end where: those finished come from the plan as launched.
    first_year = [index for index, item in enumerate(items) if not item[2].startswith("+")]
    chosen = rng.sample(first_year, sum(FINAL.values()))
    finals = {index: Brag.GREEN for index in range(len(items))}
    for status, count in FINAL.items():
        for _ in range(count):
            finals[chosen.pop()] = status
    # A couple of actions on track are past their date: the plan page marks them overdue.
    late = set(rng.sample([index for index, final in finals.items() if final == Brag.GREEN], 2))

    actions: list[StrategyAction] = []
    for index, (theme, number, title, owner) in enumerate(items):
        created = refreshed if title.startswith("+") else launched
        due = _due(finals[index], created, today, rng)
        if index in late:
            due = _month_end(today - relativedelta(months=rng.randint(1, 2)))
        at = _at(created, rng)
        actions.append(StrategyAction(
            theme=theme, number=f"{theme.position + 1}.{number}", title=title.lstrip("+"),
            owner=owner, due_on=due, status=Brag.GREEN, created_by=lead, created_at=at,
            updated_at=at,
        ))
    StrategyAction.objects.bulk_create(actions)

    changes: list[StatusChange] = []
    for index, action in enumerate(actions):
        final, created, due_on = finals[index], action.created_at, action.due_on
        assert created is not None and due_on is not None
        changes.append(StatusChange(
            action=action, status=Brag.GREEN, previous_status="",
            note=REFRESH_NOTE if created.date() == refreshed else FIRST_NOTE,
            changed_by=lead, changed_at=created,
        ))
        after = [day for day in reviews if day > created.date()]
        if final == Brag.BLUE:
            # Reported complete at the first review after it fell due.
            done = next((n for n, day in enumerate(after) if day >= due_on), len(after) - 1)
            after = after[:done + 1]
        path = rng.choice([path for path in _paths(final) if len(path) <= len(after)])
        if final == Brag.GREEN:
            days = sorted(rng.sample(after, len(path)))
        else:
            # Its latest status is the one the latest review gave it.
            days = [*sorted(rng.sample(after[:-1], len(path) - 1)), after[-1]]
        previous = Brag.GREEN
        for status, day in zip(path, days, strict=True):
            changes.append(StatusChange(
                action=action, status=status, previous_status=previous,
                note=rng.choice(NOTES[(previous, status)]), changed_by=lead,
                changed_at=_at(day, rng),
            ))
            previous = status
        action.status = previous
        action.version = 1 + len(path)
        action.updated_at = changes[-1].changed_at
    StrategyAction.objects.bulk_update(actions, ["status", "version", "updated_at"])
    StatusChange.objects.bulk_create(changes)
    return {"strategy_themes": len(themes), "strategy_actions": len(actions),
            "strategy_status_changes": len(changes)}
