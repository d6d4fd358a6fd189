"""The demo borough's casework: an episode for every TAF or intensive support decision, with a
history as long as its age allows, from allocation to closure, written in bulk."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Field, Max, Model
from faker import Faker

from earlyhelp.access.models import Role, User
from earlyhelp.casework.models import (
    ActionOwner,
    Allocation,
    AssessedMember,
    Assessment,
    CaseAudit,
    CaseNote,
    Closure,
    ClosureReason,
    ConsentRecord,
    EdgeOfCare,
    Episode,
    Feedback,
    Grade,
    KeepInTouch,
    Need,
    NoteKind,
    Panel,
    PanelCase,
    Plan,
    PlanAction,
    Progress,
    Review,
    ReviewAction,
    ReviewNeed,
    RiskFactor,
    StepUp,
    TafMember,
)
from earlyhelp.casework.workflow import (
    ActionStatus,
    AssessmentStatus,
    EpisodeStatus,
    PanelStatus,
    Stage,
    stage,
)
from earlyhelp.council.config import CouncilConfig
from earlyhelp.council.models import Agency, Team
from earlyhelp.council.workdays import add_working_days
from earlyhelp.people.models import Relationship
from earlyhelp.referrals.models import Outcome, RequestForSupport
from earlyhelp.referrals.workflow import Status

LONDON = ZoneInfo("Europe/London")
BATCH = 2000
# Tables written with ids chosen here, whose sequences must move on past them afterwards.
SEQUENCED: list[type[Model]] = [Episode, Need, Plan, PlanAction, Review, Assessment, Panel]

# The most families a practitioner holds before a manager gives the next to a colleague.
CASELOAD_CAP = 22
# A practitioner still in induction: on the caseload table, holding no families yet.
NEW_STARTER = "nina.brooks"
# Closure reasons of historic episodes, as a service's closure returns usually read.
CLOSURE_MIX: list[tuple[str, float]] = [
    (ClosureReason.NEEDS_MET, 70), (ClosureReason.DISENGAGED, 7),
    (ClosureReason.CONSENT_WITHDRAWN, 4), (ClosureReason.MOVED_AWAY, 4),
    (ClosureReason.UNIVERSAL, 7), (ClosureReason.OTHER_AGENCY, 4),
    (ClosureReason.STEPPED_UP, 4),
]
# How many working days after allocation the assessment is submitted (it is signed off one to
# three days later; 15 is the timescale): the year before last, then the latest year, when the
# service had caught up, as the committee reports tell it.
SUBMITTED_EARLIER: list[tuple[int, float]] = [
    (8, 2), (10, 3), (11, 3), (12, 3), (13, 3), (17, 3), (21, 2)]
SUBMITTED_LATELY: list[tuple[int, float]] = [
    (8, 3), (10, 4), (11, 4), (12, 3), (13, 2), (17, 2), (21, 1)]
# Days a review is held before (-) or after (+) the day it falls due, likewise.
REVIEWED_EARLIER: list[tuple[int, float]] = [
    (-7, 5), (-4, 10), (-2, 14), (-1, 10), (0, 35), (2, 6), (5, 7), (10, 6), (20, 7)]
REVIEWED_LATELY: list[tuple[int, float]] = [
    (-7, 6), (-4, 12), (-2, 14), (-1, 12), (0, 40), (2, 5), (5, 4), (8, 4), (15, 3)]
# Months of case audits: the latest year's and the year before's, for the quarterly summary.
AUDITED_MONTHS = 24
# Of families closing with their needs met, how many had every one met (the rest, about half).
ALL_MET = 0.9
FAMILY_FEEDBACK = [
    "Things are calmer at home and the children are back in school every day.",
    "We felt listened to; having one worker made a big difference.",
    "Some things are better but the housing is still a worry.",
    "It helped to have someone on our side at the school meetings.",
    "",
]
WORRIES = [
    "School attendance has fallen and mornings are chaotic.",
    "Mum's low mood means routines have slipped and the children are caring for her.",
    "Arguments at home are frequent and the children hear them.",
    "Rent arrears have built up and the family fears losing the tenancy.",
    "The young person is out late and has new older friends.",
]
WORKING_WELL = [
    "The children are close to their grandmother, who helps most days.",
    "Mum engages well and has kept every appointment.",
    "The school knows the family well and is supportive.",
    "Dad has started a parenting course and is keen to continue.",
]
NEEDS_TO_HAPPEN = [
    "A clear morning routine, and attendance above 90% by the end of term.",
    "Mum to be seen by talking therapies; the family to have a break from caring.",
    "Calmer communication between the parents; the children to feel safe at home.",
    "Arrears under a repayment plan and the tenancy secure.",
]
CHILD_VOICE = [
    "\"I want mum to be happy again and to go to school on time.\"",
    "\"I don't like it when they shout. I go to my room and put my headphones on.\"",
    "\"School is alright. I like PE. I want to see my dad more.\"",
    "\"I want my own room and for us to stay here.\"",
]
FAMILY_VIEW = [
    "Mum says she wants help to get back on track and is glad someone is listening.",
    "The parents agree with the plan but want meetings after school hours.",
    "Dad was unsure at first but now says the support is helping.",
]
ACTIONS = {
    "ATT": ["Agree a morning routine chart and check it each week",
            "Attendance meeting with the school every fortnight"],
    "EXC": ["Set up a reintegration plan with the school's inclusion lead"],
    "SEN": ["Ask the SENCO to assess learning needs and consider an EHCP request"],
    "EYR": ["Book the two-year-old into a funded nursery place",
            "Speech and language drop-in at the family hub"],
    "CMH": ["Refer to the children's emotional wellbeing service",
            "Weekly check-in with the school nurse"],
    "PMH": ["Support mum to book a GP appointment and self-refer to talking therapies"],
    "PHY": ["Keep a shared calendar of hospital appointments"],
    "SUB": ["Refer to the drug and alcohol service for an assessment"],
    "PAR": ["Complete the Triple P parenting programme", "Agree house rules as a family"],
    "CON": ["Attend the reducing parental conflict sessions"],
    "BEH": ["Use the reward chart agreed at the last visit every day"],
    "NEG": ["Home conditions checklist reviewed at each visit",
            "Apply for the school uniform grant"],
    "EXP": ["Safety plan agreed with the young person and shared with school",
            "Refer to the exploitation prevention team"],
    "ASB": ["Join the youth club's Friday sessions",
            "Restorative meeting with the neighbourhood police team"],
    "DA": ["Refer mum to the domestic abuse service for a safety plan",
           "Children to attend the Helping Hands group"],
    "HSG": ["Appointment with housing options to discuss the notice",
            "Complete a housing register application"],
    "DEB": ["Debt advice appointment at Citizens Advice", "Apply for the household support fund"],
    "WRK": ["Meet the work coach about training courses"],
}
NOTES = [
    (NoteKind.VISIT, "Home visit", "Saw mum and the children at home. The house was tidy; "
     "the children showed me their school work."),
    (NoteKind.CONTACT, "Phone call with mum", "Mum rang to say the week had gone better; we "
     "agreed to meet on Thursday."),
    (NoteKind.CONTACT, "Call with the school", "Attendance this week 4 out of 5 days; the class "
     "teacher reports the child seems happier."),
    (NoteKind.MEETING, "Meeting at school", "Met the pastoral lead and mum to agree next steps."),
    (NoteKind.NOTE, "Supervision discussion", "Discussed the case in supervision; the plan "
     "stays as agreed."),
    (NoteKind.VISIT, "Visit: no answer", "No answer at the door; left a card and texted mum."),
]
SIGNIFICANT = [
    "Police called to a domestic incident at the address",
    "Eviction notice received by the family",
    "Young person reported missing overnight; returned next day",
    "Child excluded from school for a fixed term",
    "Mum admitted to hospital; children staying with grandmother",
]
STEP_UP_REASONS = [
    "Disclosure by the child at school of physical harm; strategy discussion needed.",
    "Repeated domestic incidents with the children present; risk has escalated.",
    "The young person is at risk of criminal exploitation and has gone missing three times.",
]
SOCIAL_CARE_HISTORY = [
    "Child in need plan since last spring for neglect; the plan has been effective and the "
    "family agree to early help support as the case closes to social care.",
    "Child protection plan ended six months ago; child in need since. Stepping down with "
    "the family's agreement for continued support with routines and school attendance.",
    "Section 17 assessment found needs below the threshold for social care; step-down to "
    "early help recommended for parenting support.",
]
# The panel's decision in the words of the lead professional it appointed, by the lead's
# agency (partner-led) or team (an early help worker).
AGENCY_LEAD_DECISIONS = {
    "SCH": "Agreed: Team Around the Family with the school's designated lead, {name}, as lead "
           "professional.",
    "HV": "Agreed: the health visitor, {name}, to lead a Team Around the Family; review at "
          "panel in 12 weeks.",
    "GP": "Agreed: {name} at the GP practice to lead a Team Around the Family.",
}
AGENCY_LEAD_DECISION = "Agreed: Team Around the Family led by {name} ({agency})."
WORKER_LEAD_DECISIONS = {
    "YS": "Agreed: youth support worker {name} to lead a Team Around the Family.",
}
WORKER_LEAD_DECISION = ("Agreed: allocate to an early help practitioner, {name}, to lead the "
                        "Team Around the Family.")
EXPLOITATION_REFERRAL = " Referral to the exploitation team."
TEAM_TO_APPOINT = "Agreed: Team Around the Family; {team} to appoint the lead professional."
DEFERRED = ("Deferred: no lead professional could be agreed today; the family comes back to a "
            "later panel.")
AUDIT_COMMENTS = {
    Grade.OUTSTANDING: "Exemplary work: the child's voice runs through the plan and every "
                       "action is on track.",
    Grade.GOOD: "A clear assessment and SMART plan; reviews on time. Record the school's "
                "views at the next review.",
    Grade.REQUIRES_IMPROVEMENT: "The plan's actions lack dates and the last review was late. "
                                "Update the plan within two weeks.",
    Grade.INADEQUATE: "No review for over three months and no recent visit recorded. Discuss "
                      "in supervision this week.",
}
KEEP_IN_TOUCH_SAID = [
    "Mum says things are settled; the parenting group is helping.",
    "No answer; left a voicemail and sent a text.",
    "The family is managing well and does not need more help for now.",
    "Dad says the food bank referral helped; school attendance is better.",
]

# How an assessment describes a member's needs, by coded need: (whose need, youngest, oldest
# age, the ways a worker writes it). A child's need goes to a child of an age it fits.
NEED_WORDS: dict[str, tuple[str, int, int, list[str]]] = {
    "ATT": ("child", 5, 17, [
        "Misses school most Mondays; anxious about leaving mum at home on her own.",
        "Attendance is 78% this term; late most mornings because getting out of the house is "
        "a struggle.",
        "Says school is boring and has missed 14 days since September.",
        "Refuses to go in after a falling-out with friends; the school has written home twice."]),
    "EXC": ("child", 5, 17, [
        "Excluded twice this term for fighting; now on a part-time timetable.",
        "Often sent out of class; needs a plan to get back to full days at school."]),
    "SEN": ("child", 3, 17, [
        "Finds reading hard and is well behind the year group; learning needs not yet assessed.",
        "The school has noticed real difficulty with change and noise; possible autism, "
        "not yet assessed."]),
    "EYR": ("child", 0, 4, [
        "Few words for the age; not yet in nursery.",
        "Missed the two-year check, so development is not known.",
        "Speech is behind; mum would like ideas for play at home."]),
    "CMH": ("child", 8, 17, [
        "Low mood and poor sleep; has talked about feeling worthless.",
        "Anxious, with panic attacks before school most weeks.",
        "Self-harmed once in the summer; now sees the school counsellor."]),
    "BEH": ("child", 3, 17, [
        "Angry outbursts at home; has broken things in temper.",
        "Pushes back at every request at home; the school sees none of it."]),
    "NEG": ("child", 0, 17, [
        "Often arrives at school hungry and in unwashed uniform.",
        "Toothache left untreated; not registered with a dentist."]),
    "EXP": ("child", 11, 17, [
        "Out late with older friends, and has new clothes no one can explain.",
        "Found in another town twice; the phone has contacts the family don't know."]),
    "ASB": ("child", 10, 17, [
        "Involved in damage at the park with a group of friends; police warning in the spring.",
        "Neighbours have complained about shouting and abuse in the street."]),
    "PMH": ("adult", 16, 99, [
        "Low mood since the youngest was born; not seeing anyone about it.",
        "Anxiety means most days are spent indoors; on the waiting list for talking therapies.",
        "Struggling to sleep and feels overwhelmed by the children's needs."]),
    "PHY": ("adult", 16, 99, [
        "Long-term back pain limits what can be done around the home.",
        "Diabetes not well managed; has missed the last two GP reviews."]),
    "SUB": ("adult", 16, 99, [
        "Drinks most evenings and says it helps with stress.",
        "Uses cannabis daily; wants to cut down but hasn't managed alone."]),
    "PAR": ("adult", 16, 99, [
        "Finds it hard to hold boundaries; the children don't listen.",
        "Bedtimes and mornings are battles; would like a parenting course.",
        "Loving, but routines have slipped and meals are at odd times."]),
    "CON": ("adult", 16, 99, [
        "Frequent arguments with the children's other parent, often in front of them.",
        "Handovers of the children usually end in a row."]),
    "DA": ("adult", 16, 99, [
        "Experienced domestic abuse from a former partner; needs a safety plan.",
        "Police attended an incident at home in the summer; still frightened of an ex-partner."]),
    "HSG": ("adult", 16, 99, [
        "Notice received on the tenancy; the family must leave by the spring.",
        "Overcrowded two-bedroom flat with damp; on the housing register but low priority."]),
    "DEB": ("adult", 16, 99, [
        "Rent and council tax arrears of about £1,800; bailiff letters unopened.",
        "Universal Credit deductions leave little for food by the end of the month."]),
    "WRK": ("adult", 16, 99, [
        "Out of work for two years; would like training in care work.",
        "Lost work after an injury and unsure what help is available."]),
}
# How a member with no coded need of their own is described.
CHILD_NO_NEED = [
    "No needs of their own beyond the family's; doing well at school.",
    "Affected by the worries at home, but no separate needs identified.",
    "Quiet at home; the school has no concerns.",
]
BABY_NO_NEED = ["Thriving; health visitor checks up to date.",
                "Feeding and sleeping well; no concerns from the health visitor."]
UNBORN_NEED = "Midwife involved; no concerns raised so far."
ADULT_NO_NEED = [
    "No needs of their own identified; keen to be part of the plan.",
    "Supports the family day to day; worried about the children.",
    "Works long hours, so is rarely at home for visits; wants to help where possible.",
]
CHILD_STRENGTHS = [
    "Loves football and goes to training every week.",
    "Close to an older sibling; good with younger ones.",
    "Bright and curious; enjoys art at school.",
    "Has a good friend at school and a trusted teaching assistant.",
    "Always keen to help at home.",
]
BABY_STRENGTHS = ["Happy baby; settles well with mum.", "Sleeping through; feeds well."]
ADULT_STRENGTHS = [
    "Warm with the children and wants things to improve.",
    "Honest about the difficulties; has kept every appointment.",
    "Has a good friend nearby who helps with the school run.",
    "Organised about money when things are calm.",
]
# A plan action's latest progress, by its status: who did what, when.
PROGRESS_WORDS = {
    ActionStatus.IN_PROGRESS: [
        "{who} chased this on {day}; first appointment booked for the following week.",
        "Started {day}. {who} says it is going slowly but steadily.",
        "{who} went through it with the family on {day}; about half done.",
        "Referral sent {day}; waiting to hear back. {who} to chase if nothing in a fortnight.",
        "{who} reported on {day}: good most weeks, a harder week after half term.",
        "Two of the six sessions attended by {day}. {who} is reminding the family each week.",
    ],
    ActionStatus.DONE: [
        "Completed {day}. {who} confirmed it at the review.",
        "{who} finished this on {day}. Mum says it made a real difference.",
        "Done {day}. {who} has had the place confirmed in writing.",
        "Finished {day}. {who} shared the outcome with the Team Around the Family.",
        "{who} confirmed on {day} that every session was attended.",
    ],
    ActionStatus.NOT_DONE: [
        "Not done. {who} offered two appointments, the last on {day}; the family missed both.",
        "{who} could not arrange it before {day}; to be replaced with a new action.",
    ],
}
# Who did an agency's action, as the family would say it.
AGENCY_WHO = {"SCH": "The school", "GP": "The GP surgery", "HV": "The health visitor",
              "POL": "The neighbourhood police team", "VCS": "The family support charity",
              "HOU": "The housing officer", "CSC": "Social care", "EH": "The family hub"}
# What a review said about each need, by the progress it found.
NEED_COMMENTS = {
    Progress.BETTER: ["Clear improvement since the last review; the family agree.",
                      "Better most weeks; the school has noticed too.",
                      "Small steps forward; keep the plan as it is."],
    Progress.NO_CHANGE: ["No real change yet; the family say the new routine has not stuck.",
                         "Much the same; waiting on the referral to start.",
                         "Steady but not better; try a different approach next."],
    Progress.WORSE: ["Worse since the last review after a difficult month at home.",
                     "Slipped back; discussed with the manager and the plan changed."],
    Progress.MET: ["Met: the family and school agree this need is no longer there.",
                   "Met, and the family know who to call if it returns."],
}
# What a review said about each action, by its status.
ACTION_COMMENTS = {
    ActionStatus.DONE: ["Done; the family found it helpful.", "Completed on time.",
                        "Done, and the school confirmed it."],
    ActionStatus.IN_PROGRESS: ["Under way; new date agreed.", "Started, going slowly; keep it.",
                               "Part done; the owner to report back at the next review."],
    ActionStatus.NOT_STARTED: ["Not started yet; date moved back.",
                               "Waiting on the referral to be accepted."],
    ActionStatus.NOT_DONE: ["Not done: the family did not take it up.",
                            "Not done; replaced by a new action."],
    ActionStatus.CANCELLED: ["Cancelled: no longer needed.",
                             "Cancelled after the family moved GP."],
}


@dataclass
class _Ep:
    """One episode being written, and the dates of its history."""

    episode: Episode
    family: Any
    request: RequestForSupport
    partner_led: bool = False
    planned_close: dt.datetime | None = None
    reason: str = ""
    alloc_day: dt.date | None = None
    submitted: dt.datetime | None = None
    signed_off: dt.datetime | None = None
    plan_start: dt.date | None = None
    reviews: list[dt.date] = field(default_factory=list)
    closing_requested: dt.datetime | None = None
    worker: User | None = None
    needs: list[Need] = field(default_factory=list)
    actions: list[PlanAction] = field(default_factory=list)
    assessment_status: str | None = None
    has_plan: bool = False


def _pick(rng: random.Random, weighted: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _at(day: dt.date, rng: random.Random, early: int = 9, late: int = 17) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(early, late - 1), rng.randint(0, 59)),
                               tzinfo=LONDON)


def _next_id(model: type[Model]) -> int:
    return (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1


def _insert(model: type[Model], rows: list[Any]) -> None:
    for start in range(0, len(rows), BATCH):
        model._default_manager.bulk_create(rows[start:start + BATCH])


def _insert_rows(model: type[Model], fields: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Plain multi-row inserts for the narrowest tables (numbers and words only)."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = []
    for name in fields:
        column = meta.get_field(name)
        assert isinstance(column, Field) and column.column is not None
        columns.append(quote(column.column))
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    batch = list(rows)
    with connection.cursor() as cursor:
        for start in range(0, len(batch), BATCH):
            cursor.executemany(sql, batch[start:start + BATCH])


class Casework:
    """Decides each family's episodes and their histories, then writes them."""

    def __init__(self, config: CouncilConfig, seed: int, now: dt.datetime, users: list[User],
                 needs_of: dict[int, list[str]]):
        # Its own random stream, so the front door's data stays as it was for a given seed.
        self.rng = random.Random(seed * 7919 + 17)
        # And another for the words written on the records, so wording never moves the dates.
        self.words = random.Random(seed * 6151 + 29)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed + 101)
        self.config = config
        self.now = now
        self.today = now.astimezone(LONDON).date()
        # The start of the latest twelve whole months, the period a committee reads first.
        self.year_ago = self.today.replace(day=1) - relativedelta(months=12)
        self.needs_of = needs_of
        self.outcome_of = {n.code: n.outcome for n in config.needs}
        self.timescales = config.timescales
        self.teams = {t.code: t for t in Team.objects.all()}
        self.agencies = {a.code: a for a in Agency.objects.all()}
        self.users = users
        self.practitioners = [u for u in users if u.role == Role.PRACTITIONER and u.team_id
                              and u.username != NEW_STARTER]
        self.managers = {u.team_id: u for u in users if u.role == Role.TEAM_MANAGER}
        self.front_door = [u for u in users if u.role == Role.FRONT_DOOR]
        self.partners = [u for u in users if u.role in (Role.REFERRER, Role.TAF_MEMBER)]
        self.taf_user = next((u for u in users if u.role == Role.TAF_MEMBER), None)
        self.chair = next((u for u in users if u.role == Role.PANEL_CHAIR), None)
        self.episodes: list[_Ep] = []
        self.load: dict[int, list[_Ep]] = {u.pk: [] for u in self.practitioners}
        self.ids: dict[type[Model], int] = {model: _next_id(model) for model in SEQUENCED}
        self.rows: dict[type[Model], list[Any]] = {}

    def _id(self, model: type[Model]) -> int:
        value = self.ids[model]
        self.ids[model] += 1
        return value

    def _add(self, row: Model) -> None:
        self.rows.setdefault(type(row), []).append(row)

    # Deciding the episodes ------------------------------------------------------------------

    def plan(self, families: list[Any], queue: list[RequestForSupport]) -> None:
        """Open, join, allocate and (by their age) close the episodes of every decided TAF or
        intensive support request, oldest first, so caseloads at each date are known."""
        decided = sorted(
            ((r, f) for f in families for r in f.requests
             if r.status == Status.DECIDED and r.outcome in (2, 3)),
            key=lambda pair: (pair[0].decided_at, pair[0].id),
        )
        current: dict[int, _Ep] = {}
        for request, family in decided:
            assert request.decided_at is not None
            open_one = current.get(family.household.id)
            if open_one is not None and (open_one.planned_close is None
                                         or open_one.planned_close > request.decided_at):
                request.episode_id = open_one.episode.id
                continue
            ep = self._open(request, family)
            current[family.household.id] = ep
            self.episodes.append(ep)
        self._awaiting()
        self._between_assessment_and_plan()
        self._re_referrals(families, queue)
        self._step_downs(families)
        self._mirror(families)

    def _preferred_team(self, request: RequestForSupport, family: Any) -> str:
        codes = set(self.needs_of.get(request.id, []))
        teen = any(p.date_of_birth and (self.today - p.date_of_birth).days >= 11 * 365
                   for p, _ in family.children)
        if teen and codes & {"ASB", "EXP", "CMH"}:
            return "YS"
        return "EHN" if family.ward_index < 5 else "EHS"

    def _worker(self, preferred: str, at: dt.datetime) -> User | None:
        """The practitioner with room: the preferred team's first, then anyone's."""
        best, best_score = None, 10**6
        for user in self.practitioners:
            held = [e for e in self.load[user.pk]
                    if e.planned_close is None or e.planned_close > at]
            self.load[user.pk] = held
            team_code = user.team.code if user.team is not None else ""
            score = len(held) + (0 if team_code == preferred else 6)
            if len(held) >= CASELOAD_CAP:
                score += 100
            if score < best_score:
                best, best_score = user, score
        return best

    def _open(self, request: RequestForSupport, family: Any) -> _Ep:
        rng = self.rng
        assert request.decided_at is not None
        opened = request.decided_at
        episode = Episode(
            id=self._id(Episode), household=family.household, opened_by=request,
            outcome=request.outcome or Outcome.INTENSIVE_SUPPORT,
            level=request.level or request.suggested_level,
            opened_at=opened, status=EpisodeStatus.OPEN,
        )
        request.episode_id = episode.id
        ep = _Ep(episode=episode, family=family, request=request)
        ep.partner_led = request.outcome == Outcome.TEAM_AROUND_FAMILY and rng.random() < 0.8
        opened_day = opened.astimezone(LONDON).date()
        ep.alloc_day = add_working_days(opened_day, _pick(rng, [(0, 2), (1, 4), (2, 3), (4, 1)]))
        allocated = _at(ep.alloc_day, rng)
        # How long the family is helped, and why it ends.
        reason = _pick(rng, CLOSURE_MIX)
        months = rng.uniform(3.8, 7.8) if not ep.partner_led else rng.uniform(2.5, 5.0)
        if reason in (ClosureReason.DISENGAGED, ClosureReason.CONSENT_WITHDRAWN,
                      ClosureReason.MOVED_AWAY, ClosureReason.STEPPED_UP):
            months = rng.uniform(0.7, 4.0)
        ep.reason = reason
        ep.planned_close = opened + dt.timedelta(days=int(months * 30.4))
        if ep.planned_close > self.now:
            ep.planned_close = None
        preferred = self._preferred_team(request, family)
        if ep.partner_led:
            team = self.teams["EHN" if preferred == "EHN" else "EHS"]
            episode.team = team
            agency = request.referrer_agency
            if agency is None or agency.kind in ("early_help", "social_care"):
                agency = self.agencies.get("HV") or next(iter(self.agencies.values()))
            episode.lead_agency = agency
            episode.lead_professional_name = f"{self.fake.first_name()} {self.fake.last_name()}"
        else:
            worker = self._worker(preferred, allocated)
            ep.worker = worker
            if worker is not None:
                episode.team = worker.team
                episode.lead_worker = worker
                self.load[worker.pk].append(ep)
        episode.allocated_at = allocated
        episode.assessment_due_on = add_working_days(
            ep.alloc_day, self.timescales.assessment_working_days)
        if episode.outcome == Outcome.INTENSIVE_SUPPORT:
            episode.support_ends_on = ep.alloc_day + relativedelta(
                months=self.timescales.intensive_support_months)
        # The pace of the work: quicker in the latest year than the one before.
        lately = ep.alloc_day >= self.year_ago
        submit_day = add_working_days(ep.alloc_day, _pick(
            rng, SUBMITTED_LATELY if lately else SUBMITTED_EARLIER))
        due_day = add_working_days(ep.alloc_day, self.timescales.assessment_working_days)
        if due_day < self.today < add_working_days(ep.alloc_day, 40) and rng.random() < 0.35:
            # Some assessments run late and are still being written: overdue on the lists.
            submit_day = add_working_days(self.today, rng.randint(1, 8))
        ep.submitted = _at(submit_day, rng)
        ep.signed_off = _at(add_working_days(submit_day, rng.randint(1, 3)), rng)
        ep.plan_start = ep.signed_off.astimezone(LONDON).date() + dt.timedelta(
            days=rng.randint(2, 10))
        review = ep.plan_start
        interval = self.timescales.review_interval_weeks
        end = (ep.planned_close or self.now).astimezone(LONDON).date()
        while True:
            review = review + dt.timedelta(weeks=interval, days=_pick(
                rng, REVIEWED_LATELY if review >= self.year_ago else REVIEWED_EARLIER))
            if review >= end or review >= self.today:
                break
            ep.reviews.append(review)
        if ep.planned_close is None and ep.reviews and rng.random() < 0.06:
            # The last review was never held: overdue, on the lists and the dashboard.
            ep.reviews.pop()
        return ep

    def _awaiting(self) -> None:
        """A handful of the newest families still wait for a team and worker."""
        open_eps = [e for e in self.episodes if e.planned_close is None]
        newest = sorted(open_eps, key=lambda e: e.episode.opened_at, reverse=True)
        count = max(2, min(6, len(open_eps) // 25))
        for ep in newest[:count]:
            episode = ep.episode
            if ep.worker is not None:
                self.load[ep.worker.pk].remove(ep)
            ep.worker = None
            episode.status = EpisodeStatus.AWAITING_ALLOCATION
            episode.team = episode.lead_worker = episode.lead_agency = None
            episode.lead_professional_name = ""
            episode.allocated_at = episode.assessment_due_on = episode.support_ends_on = None
            ep.alloc_day = None
            ep.partner_led = False

    def _between_assessment_and_plan(self) -> None:
        """A few families wait between assessment and plan: submitted and on the manager's desk,
        or signed off with the plan still to agree. Most pass each step in days, so a small
        borough's draw might otherwise leave no family at either."""
        now, today = self.now, self.today
        live: list[tuple[dt.datetime, dt.datetime, dt.date, _Ep]] = [
            (e.submitted, e.signed_off, e.plan_start, e) for e in self.episodes
            if e.planned_close is None and e.alloc_day is not None and e.submitted is not None
            and e.signed_off is not None and e.plan_start is not None]
        signing = sum(1 for submitted, signed, _, _ in live if submitted <= now < signed)
        planning = sum(1 for _, signed, start, _ in live if signed <= now and start > today)
        # Signed off, with a plan but no review yet: the latest first.
        lately = sorted(((signed, e) for _, signed, start, e in live
                         if signed <= now and start <= today and not e.reviews),
                        key=lambda pair: pair[0], reverse=True)
        want = max(1, len(live) // 60)
        to_sign = max(0, want - signing)
        for _, ep in lately[:to_sign]:
            ep.signed_off = _at(add_working_days(today, self.rng.randint(1, 2)), self.rng)
            ep.plan_start = ep.signed_off.astimezone(LONDON).date() + dt.timedelta(
                days=self.rng.randint(2, 10))
        for _, ep in lately[to_sign:to_sign + max(0, want - planning)]:
            ep.plan_start = today + dt.timedelta(days=self.rng.randint(1, 7))

    def _re_referrals(self, families: list[Any], queue: list[RequestForSupport]) -> None:
        """A request within the re-referral period of the family's last closure."""
        closed: dict[int, list[_Ep]] = {}
        for ep in self.episodes:
            if ep.planned_close is not None:
                closed.setdefault(ep.episode.household_id, []).append(ep)
        months = self.timescales.re_referral_months
        requests = [r for f in families for r in f.requests] + [
            r for r in queue if r.household_id is not None]
        for request in requests:
            earlier = [e for e in closed.get(request.household_id or 0, [])
                       if e.planned_close is not None
                       and request.received_at - relativedelta(months=months)
                       < e.planned_close <= request.received_at]
            if earlier:
                request.re_referral_of_id = max(
                    earlier, key=lambda e: e.planned_close or self.now).episode.id

    def _step_downs(self, families: list[Any]) -> None:
        """Requests from children's social care are mostly step-downs, carrying its history."""
        for family in families:
            for request in family.requests:
                agency = request.referrer_agency
                if agency is not None and agency.kind == "social_care" and \
                        self.rng.random() < 0.7:
                    request.step_down = True
                    request.social_care_reference = f"CIN-{self.rng.randint(10000, 99999)}"
                    request.social_care_history = self.rng.choice(SOCIAL_CARE_HISTORY)

    def _mirror(self, families: list[Any]) -> None:
        """Access follows the household's team and lead worker as the actions leave them:
        the latest allocated episode's team keeps the record; only an open one has a worker."""
        for family in families:
            family.household.team = None
            family.household.lead_worker = None
        by_household = {f.household.id: f.household for f in families}
        for ep in sorted(self.episodes, key=lambda ep: ep.episode.opened_at):
            if ep.episode.team is not None:
                household = by_household[ep.episode.household_id]
                household.team = ep.episode.team
                household.lead_worker = ep.episode.lead_worker if ep.planned_close is None else None

    # Writing the histories -------------------------------------------------------------------

    def build(self, keep_in_touch: list[RequestForSupport]) -> dict[str, int]:
        for ep in self.episodes:
            self._history(ep)
        if not any(e.episode.status == EpisodeStatus.CLOSING for e in self.episodes):
            # However small the borough, a manager has a closure to sign off.
            reviewed = [e for e in self.episodes
                        if e.episode.status == EpisodeStatus.OPEN and e.has_plan]
            if reviewed:
                ep = max(reviewed, key=lambda e: len(e.reviews))
                self._maybe_closing(ep, self._recorder(ep), surely=True)
        self._features()
        self._progress()
        self._panels()
        self._keep_in_touch(keep_in_touch)
        self._audits()
        return self._write()

    def _recorder(self, ep: _Ep) -> User:
        episode = ep.episode
        if episode.lead_worker is not None:
            return episode.lead_worker
        return self.managers.get(episode.team_id) or self.practitioners[0]

    def _history(self, ep: _Ep) -> None:
        rng = self.rng
        episode = ep.episode
        household_members = ep.family.members
        mother = ep.family.adults[0][0]
        worker = self._recorder(ep)
        manager = self.managers.get(episode.team_id) or worker
        end = ep.planned_close or self.now
        # Early endings stop the work where they fall.
        consent = ConsentRecord(episode=episode, given=True, given_by=f"{mother} (parent)",
                                note="", recorded_by=worker,
                                recorded_at=episode.allocated_at or episode.opened_at)
        self._add(consent)
        if episode.status == EpisodeStatus.AWAITING_ALLOCATION:
            return
        assert episode.allocated_at is not None and episode.team is not None
        self._add(Allocation(
            episode=episode, team=episode.team, worker=episode.lead_worker,
            lead_professional_name=episode.lead_professional_name,
            lead_agency=episode.lead_agency, allocated_by=manager,
            allocated_at=episode.allocated_at,
            # Closing (or stepping up) ends the allocation, as the actions do.
            ended_at=ep.planned_close))
        assert ep.submitted and ep.signed_off and ep.alloc_day
        started = episode.allocated_at + dt.timedelta(days=rng.randint(1, 3))
        if started >= end:
            started = episode.allocated_at
        if ep.signed_off <= end:
            status = AssessmentStatus.COMPLETED
        elif ep.submitted <= end:
            status = AssessmentStatus.SUBMITTED
        else:
            status = AssessmentStatus.DRAFT
        ep.assessment_status = status
        score = rng.randint(2, 5)
        assessment = Assessment(
            id=self._id(Assessment), episode=episode, status=status, started_at=started,
            started_by=worker,
            due_on=add_working_days(ep.alloc_day, self.timescales.assessment_working_days),
            worries=rng.choice(WORRIES), working_well=rng.choice(WORKING_WELL),
            needs_to_happen=rng.choice(NEEDS_TO_HAPPEN) if status != AssessmentStatus.DRAFT
            or rng.random() < 0.5 else "",
            scaling_score=score, child_voice=rng.choice(CHILD_VOICE),
            family_view=rng.choice(FAMILY_VIEW),
            risk_factors=rng.sample(RiskFactor.values, rng.randint(1, 3)),
            updated_by=worker, updated_at=min(ep.submitted, end),
            submitted_by=worker if status != AssessmentStatus.DRAFT else None,
            submitted_at=ep.submitted if status != AssessmentStatus.DRAFT else None,
            signed_off_by=manager if status == AssessmentStatus.COMPLETED else None,
            completed_at=ep.signed_off if status == AssessmentStatus.COMPLETED else None,
            completed_on=ep.signed_off.astimezone(LONDON).date()
            if status == AssessmentStatus.COMPLETED else None,
        )
        self._add(assessment)
        assessed = []
        for person, relationship in household_members:
            member = AssessedMember(
                assessment=assessment, person=person,
                strengths=self._strengths(person, relationship) if rng.random() < 0.7 else "")
            assessed.append(member)
            self._add(member)
        if status == AssessmentStatus.COMPLETED:
            episode.assessment_due_on = None
        codes = list(dict.fromkeys(self.needs_of.get(ep.request.id, [])))[:5] or ["PAR"]
        if status != AssessmentStatus.DRAFT or rng.random() < 0.5:
            for code in codes:
                # A child's need is often tied to the child it is about.
                children = self._fits(code, ep.family.children) or [None]
                need = Need(id=self._id(Need), episode=episode, code=code,
                            outcome=self.outcome_of.get(code, ""),
                            person=rng.choice(children) if rng.random() < 0.5 else None,
                            evidence="Seen at assessment and in the referrer's account.",
                            identified_at=min(ep.submitted, end))
                ep.needs.append(need)
                self._add(need)
        self._needs_in_words(ep, assessed, codes, status)
        assert ep.plan_start is not None
        plan_live = status == AssessmentStatus.COMPLETED and ep.plan_start <= min(
            end.astimezone(LONDON).date(), self.today)
        self._notes(ep, worker, episode.allocated_at, end)
        if plan_live:
            ep.has_plan = True
            self._plan(ep, worker, score, end)
        elif episode.status == EpisodeStatus.OPEN and status == AssessmentStatus.COMPLETED:
            episode.next_review_on = None
        if ep.planned_close is not None:
            self._close(ep, worker, manager)
        else:
            self._maybe_closing(ep, worker)

    # Words on the records ---------------------------------------------------------------------

    def _said(self, choices: Sequence[str], often: float = 0.88) -> str:
        """Most rows carry a short comment; a few were left blank, as in life."""
        return self.words.choice(choices) if choices and self.words.random() < often else ""

    def _age(self, person: Any) -> int | None:
        born = person.date_of_birth
        return None if born is None else (self.today - born).days // 365

    def _fits(self, code: str, members: Sequence[tuple[Any, str]]) -> list[Any]:
        """The members a coded need could be about: children of an age it fits, or adults."""
        whose, youngest, oldest, _ = NEED_WORDS.get(code, ("", 0, 0, []))
        found = []
        for person, relationship in members:
            age = self._age(person)
            is_child = relationship in (Relationship.CHILD, Relationship.UNBORN)
            if age is not None and is_child == (whose == "child") and youngest <= age <= oldest:
                found.append(person)
        return found

    def _strengths(self, person: Any, relationship: str) -> str:
        if relationship == Relationship.UNBORN:
            return ""
        if relationship != Relationship.CHILD:
            return self.words.choice(ADULT_STRENGTHS)
        age = self._age(person)
        return self.words.choice(BABY_STRENGTHS if age is not None and age < 2
                                 else CHILD_STRENGTHS)

    def _needs_in_words(self, ep: _Ep, assessed: list[AssessedMember], codes: list[str],
                        status: str) -> None:
        """Each member's needs as the worker wrote them, from the family's coded needs: a
        child's need about a child it fits, a parent's about the parent."""
        words = self.words
        family = ep.family
        said: dict[int, list[str]] = {}
        tied = {need.code: need.person for need in ep.needs if need.person is not None}
        for code in codes:
            if code not in NEED_WORDS:
                continue
            whose, _, _, ways = NEED_WORDS[code]
            if whose == "child":
                fits = self._fits(code, family.children)
                about = [tied[code]] if code in tied else fits[:1] if words.random() < 0.6 \
                    else fits[-1:]
            elif code == "CON":
                about = self._fits(code, family.adults)
            else:
                adults = self._fits(code, family.adults)
                about = adults[:1] if words.random() < 0.8 else adults[-1:]
            for person in about:
                said.setdefault(id(person), []).append(words.choice(ways))
        for member, (person, relationship) in zip(assessed, family.members, strict=True):
            phrases = said.get(id(person), [])[:2]
            if not phrases:
                age = self._age(person)
                if relationship == Relationship.UNBORN:
                    phrases = [UNBORN_NEED]
                elif relationship != Relationship.CHILD:
                    phrases = [words.choice(ADULT_NO_NEED)]
                else:
                    phrases = [words.choice(BABY_NO_NEED if age is not None and age < 3
                                            else CHILD_NO_NEED)]
            member.needs_summary = " ".join(phrases)
        if status == AssessmentStatus.DRAFT and words.random() < 0.3:
            # Saved part-done: the worker has not reached the last members yet.
            for member in assessed[words.randint(0, len(assessed) - 1):]:
                member.needs_summary = member.strengths = ""

    def _progress(self) -> None:
        """The owner's latest word on each started or finished action: who did what, when.
        Written once the owners are final, so the words name the right one."""
        words = self.words
        yesterday = self.today - dt.timedelta(days=1)
        for ep in self.episodes:
            end = ep.planned_close or self.now
            last = min(end.astimezone(LONDON).date(), yesterday)
            for action in ep.actions:
                ways = PROGRESS_WORDS.get(ActionStatus(action.status))
                if not ways or words.random() >= 0.9:
                    continue
                if action.status == ActionStatus.IN_PROGRESS:
                    day = last - dt.timedelta(days=words.randint(1, 21))
                else:
                    day = min(action.due_on - dt.timedelta(days=words.randint(0, 10)), last)
                day = max(day, ep.plan_start or day)
                if action.owner_user is not None:
                    who = action.owner_user.get_full_name()
                    action.updated_by = action.owner_user
                elif action.owner_agency is not None:
                    who = AGENCY_WHO.get(action.owner_agency.code, action.owner_agency.name)
                else:
                    person = action.owner_person
                    who = (person.given_name if person is not None else "") or "The family"
                action.progress = words.choice(ways).format(who=who, day=f"{day.day} {day:%B}")
                action.updated_at = min(_at(day, words), self.now, end)

    def _decision(self, ep: _Ep) -> str:
        """The panel's decision in the words of the lead professional it appointed."""
        episode = ep.episode
        team = episode.team
        if episode.lead_worker is not None and team is not None:
            decided = WORKER_LEAD_DECISIONS.get(team.code, WORKER_LEAD_DECISION).format(
                name=episode.lead_worker.get_full_name())
            if "EXP" in self.needs_of.get(ep.request.id, []):
                decided += EXPLOITATION_REFERRAL
            return decided
        if episode.lead_agency is not None:
            return AGENCY_LEAD_DECISIONS.get(
                episode.lead_agency.code, AGENCY_LEAD_DECISION).format(
                name=episode.lead_professional_name, agency=episode.lead_agency.name)
        if team is not None:
            return TEAM_TO_APPOINT.format(team=team.name)
        return DEFERRED

    def _notes(self, ep: _Ep, worker: User, start: dt.datetime, end: dt.datetime) -> None:
        rng = self.rng
        day = start.astimezone(LONDON).date() + dt.timedelta(days=rng.randint(2, 6))
        last = min(end.astimezone(LONDON).date(), self.today)
        count = 0
        while day <= last and count < 8:
            kind, summary, text = rng.choice(NOTES)
            if rng.random() < 0.08:
                kind, summary, text = (NoteKind.SIGNIFICANT, rng.choice(SIGNIFICANT),
                                       "Discussed with the team manager the same day; "
                                       "the plan was reviewed.")
            self._add(CaseNote(episode=ep.episode, kind=kind, happened_on=day, summary=summary,
                               text=text, written_by=worker,
                               written_at=min(_at(day, rng, 12, 18), self.now)))
            day += dt.timedelta(days=rng.randint(10, 24))
            count += 1

    def _plan(self, ep: _Ep, worker: User, score: int, end: dt.datetime) -> None:
        rng = self.rng
        episode = ep.episode
        assert ep.plan_start is not None
        plan = Plan(id=self._id(Plan), episode=episode, started_on=ep.plan_start,
                    created_by=worker)
        self._add(plan)
        adults = ep.family.adults
        end_day = min(end.astimezone(LONDON).date(), self.today)
        for need in ep.needs:
            for what in ACTIONS.get(need.code, ["Agree the next step at the review"])[:2]:
                kind = _pick(rng, [(ActionOwner.WORKER, 45), (ActionOwner.AGENCY, 30),
                                   (ActionOwner.FAMILY, 25)])
                due = ep.plan_start + dt.timedelta(days=rng.randint(14, 120))
                action = PlanAction(
                    id=self._id(PlanAction), plan=plan, need=need, what=what,
                    owner_kind=kind, due_on=due, outcome=need.outcome,
                    updated_by=worker, updated_at=min(_at(ep.plan_start, rng), self.now),
                )
                if kind == ActionOwner.WORKER:
                    action.owner_user = worker
                elif kind == ActionOwner.AGENCY:
                    action.owner_agency = rng.choice(list(self.agencies.values()))
                else:
                    action.owner_person = adults[0][0]
                if due < end_day - dt.timedelta(days=7):
                    action.status = _pick(rng, [(ActionStatus.DONE, 75),
                                                (ActionStatus.IN_PROGRESS, 13),
                                                (ActionStatus.NOT_DONE, 6),
                                                (ActionStatus.CANCELLED, 6)])
                elif due < end_day + dt.timedelta(days=30):
                    action.status = _pick(rng, [(ActionStatus.IN_PROGRESS, 60),
                                                (ActionStatus.NOT_STARTED, 40)])
                ep.actions.append(action)
                self._add(action)
        interval = dt.timedelta(weeks=self.timescales.review_interval_weeks)
        episode.next_review_on = ep.plan_start + interval
        last = ep.plan_start
        for held in ep.reviews:
            score = max(0, min(10, score + rng.choice([-1, 0, 1, 1, 1, 2])))
            review = Review(
                id=self._id(Review), episode=episode, held_on=held,
                # As a review recorded in the service: the date agreed, but no later than
                # the interval after the last review or the plan's start.
                due_on=min(episode.next_review_on, last + interval),
                attended="\n".join([str(ep.family.adults[0][0]), worker.get_full_name(),
                                    "Class teacher"]),
                scaling_score=score,
                decisions="Carry on with the plan; new dates agreed for the open actions.",
                next_review_on=held + interval, recorded_by=worker,
                recorded_at=_at(held, rng, 13, 18),
            )
            self._add(review)
            episode.next_review_on, last = held + interval, held
            for need in ep.needs:
                progress = _pick(rng, [(Progress.BETTER, 55), (Progress.NO_CHANGE, 30),
                                       (Progress.WORSE, 8), (Progress.MET, 7)])
                self.rows.setdefault(ReviewNeed, []).append((
                    review.id, need.id, progress, self._said(NEED_COMMENTS[progress])))
            for action in ep.actions:
                if action.due_on <= held:
                    self.rows.setdefault(ReviewAction, []).append((
                        review.id, action.id, action.status,
                        self._said(ACTION_COMMENTS[ActionStatus(action.status)])))

    def _close(self, ep: _Ep, worker: User, manager: User) -> None:
        rng = self.rng
        episode = ep.episode
        assert ep.planned_close is not None
        reason = ep.reason
        if reason == ClosureReason.NEEDS_MET and not ep.has_plan:
            reason = ClosureReason.UNIVERSAL
        stepped = reason == ClosureReason.STEPPED_UP
        requested = ep.planned_close - dt.timedelta(days=0 if stepped else rng.randint(2, 9))
        met_rates: dict[str, float] = {ClosureReason.NEEDS_MET: 0.92,
                                       ClosureReason.UNIVERSAL: 0.6,
                                       ClosureReason.OTHER_AGENCY: 0.4}
        met_rate = met_rates.get(reason, 0.15)
        # Every draw is made whatever the reason, so one family's story leaves the next ones'
        # as they were.
        every_one = rng.random() < ALL_MET
        met = {need.id: rng.random() < met_rate for need in ep.needs}
        halves = {pk: rng.random() < 0.5 for pk in met}
        if reason == ClosureReason.NEEDS_MET:
            met = {pk: every_one or halves[pk] for pk in met}
        things_better = Feedback.YES if reason == ClosureReason.NEEDS_MET else _pick(
            rng, [(Feedback.PARTLY, 40), (Feedback.NO, 25), (Feedback.NOT_ASKED, 35)])
        closure = Closure(
            episode=episode, reason=reason,
            summary="The family's needs were reviewed with them before closing.",
            needs_met={str(pk): answer for pk, answer in met.items()},
            things_better=things_better if rng.random() < 0.9 else Feedback.PARTLY,
            listened_to=_pick(rng, [(Feedback.YES, 75), (Feedback.PARTLY, 15),
                                    (Feedback.NO, 3), (Feedback.NOT_ASKED, 7)]),
            family_comment=rng.choice(FAMILY_FEEDBACK), requested_by=worker,
            requested_at=requested, signed_off_by=manager, signed_off_at=ep.planned_close,
            every_need_met=bool(met) and all(met.values()))
        if stepped:
            # As the step-up action leaves it: closed at once, with no closure to sign off
            # and no need judged met or not.
            self._add(StepUp(episode=episode, reason=rng.choice(STEP_UP_REASONS),
                             stepped_up_by=worker, stepped_up_at=ep.planned_close))
        else:
            for need in ep.needs:
                need.met = met[need.id]
                need.met_on = ep.planned_close.astimezone(LONDON).date() if need.met else None
            self._add(closure)
        if reason == ClosureReason.CONSENT_WITHDRAWN:
            episode.consent_active = False
            self._add(ConsentRecord(episode=episode, given=False,
                                    given_by=f"{ep.family.adults[0][0]} (parent)",
                                    note="Mum no longer wants support.", recorded_by=worker,
                                    recorded_at=requested))
        episode.status = EpisodeStatus.CLOSED
        episode.closed_at = ep.planned_close
        episode.closure_reason = reason
        episode.assessment_due_on = None
        episode.next_review_on = None

    def _maybe_closing(self, ep: _Ep, worker: User, surely: bool = False) -> None:
        """An open family whose plan has run its course may be awaiting closure sign-off."""
        if len(ep.reviews) >= 2 and (self.rng.random() < 0.2 or surely):
            requested = self.now - dt.timedelta(days=self.rng.randint(1, 6))
            # The worker's answers wait on the closure until the manager signs it off.
            answers = {str(need.id): need.met is True or self.rng.random() < 0.75
                       for need in ep.needs}
            self._add(Closure(
                episode=ep.episode, needs_met=answers,
                reason=(ClosureReason.NEEDS_MET if all(answers.values())
                        else ClosureReason.UNIVERSAL),
                summary="The plan's actions are done and the family feel ready to go on alone.",
                things_better=Feedback.YES, listened_to=Feedback.YES,
                family_comment=self.rng.choice(FAMILY_FEEDBACK), requested_by=worker,
                requested_at=requested))
            ep.episode.status = EpisodeStatus.CLOSING

    # What every demo must show, whatever its size -------------------------------------------

    def _features(self) -> None:
        rng = self.rng
        live = [e for e in self.episodes if e.episode.status == EpisodeStatus.OPEN]
        with_plan = [e for e in live if e.has_plan]
        # The demo TAF member sits on several families' TAFs, owning actions in each.
        lucy = self.taf_user
        chosen = with_plan[::max(1, len(with_plan) // 6)][:6] if with_plan else []
        for ep in with_plan:
            members = rng.sample(self.partners, min(len(self.partners), rng.randint(1, 2)))
            if lucy is not None and ep in chosen and lucy not in members:
                members.append(lucy)
            for user in members:
                self._add(TafMember(episode=ep.episode, user=user,
                                    role=user.job_title or "Partner", added_by=self._recorder(ep),
                                    added_at=ep.episode.allocated_at or ep.episode.opened_at))
            if lucy is not None and ep in chosen:
                for action in ep.actions[:2]:
                    action.owner_kind, action.owner_user = ActionOwner.WORKER, lucy
                    action.owner_agency = action.owner_person = None
        # One family has withdrawn consent: its TAF no longer sees the plan.
        if len(chosen) > 1:
            ep = chosen[-1]
            ep.episode.consent_active = False
            self._add(ConsentRecord(
                episode=ep.episode, given=False, given_by=f"{ep.family.adults[0][0]} (parent)",
                note="Mum asked that the school no longer sees the plan.",
                recorded_by=self._recorder(ep), recorded_at=self.now - dt.timedelta(days=3)))
        # Edge of care: each of the three kinds, among intensive families.
        intensive = [e for e in live if e.episode.outcome == Outcome.INTENSIVE_SUPPORT]
        kinds = list(EdgeOfCare.values)
        for index, ep in enumerate(intensive[::max(1, len(intensive) // 8)][:8]):
            ep.episode.edge_of_care = kinds[index % len(kinds)]

    def _panels(self) -> None:
        """The weekly Children and Family Panel: a quarter of past ones held, the next one
        listing the families awaiting allocation."""
        if self.chair is None:
            return
        members = [u for u in self.users if u.role == Role.TEAM_MANAGER] + [
            u for u in self.partners[:3]]
        days_to_thursday = (3 - self.today.weekday()) % 7 or 7
        upcoming = self.today + dt.timedelta(days=days_to_thursday)
        panels = []
        for weeks in range(12, -1, -1):
            day = upcoming - dt.timedelta(weeks=weeks)
            panel = Panel(id=self._id(Panel), meets_at=dt.datetime.combine(
                day, dt.time(10, 0), tzinfo=LONDON), location="Fernhill Family Hub, Room 2",
                chair=self.chair,
                status=PanelStatus.HELD if weeks else PanelStatus.SCHEDULED,
                notes="Apologies from the police." if weeks % 3 == 1 else "")
            panels.append(panel)
        self.rows[Panel] = panels
        self.panel_members = [(p.id, u.pk) for p in panels for u in members]
        held = panels[:-1]
        for ep in self.episodes:
            if ep.episode.outcome != Outcome.TEAM_AROUND_FAMILY:
                continue
            opened = ep.episode.opened_at
            listed = next((p for p in held if p.meets_at > opened), None)
            if listed is None or (ep.episode.allocated_at and listed.meets_at
                                 > ep.episode.allocated_at + dt.timedelta(days=10)):
                continue
            recorder = self.managers.get(ep.episode.team_id) or self.chair
            self._add(PanelCase(
                panel=listed, episode=ep.episode, listed_by=recorder, listed_at=opened,
                decision=self._decision(ep), lead_professional=ep.episode.lead_worker,
                lead_professional_name=ep.episode.lead_professional_name,
                lead_agency=ep.episode.lead_agency,
                agreed_actions="Lead professional to arrange the first TAF meeting within "
                               "two weeks.", recorded_by=self.chair,
                recorded_at=listed.meets_at + dt.timedelta(hours=2)))
        manager = next(iter(self.managers.values()), self.chair)
        for position, ep in enumerate(e for e in self.episodes
                                      if e.episode.status == EpisodeStatus.AWAITING_ALLOCATION):
            self._add(PanelCase(panel=panels[-1], episode=ep.episode, position=position,
                                listed_by=manager, listed_at=ep.episode.opened_at))

    def _keep_in_touch(self, signposted: list[RequestForSupport]) -> None:
        """Monthly calls after a signposting decision: done, due, or overdue."""
        rng = self.rng
        team = self.teams.get("FD")
        if team is None:
            return
        months = self.timescales.keep_in_touch_months
        for request in signposted:
            assert request.decided_at is not None and request.household_id is not None
            decided = request.decided_at.astimezone(LONDON).date()
            for month in range(1, months + 1):
                due = decided + relativedelta(months=month)
                call = KeepInTouch(request=request, household_id=request.household_id,
                                   team=team, due_on=due)
                if due < self.today - dt.timedelta(days=10) or (
                        due < self.today and rng.random() < 0.6):
                    done_on = due + dt.timedelta(days=rng.randint(-2, 4))
                    call.done_at = _at(min(done_on, self.today - dt.timedelta(days=1)), rng)
                    call.done_by = rng.choice(self.front_door)
                    call.outcome = rng.choice(KEEP_IN_TOUCH_SAID)
                self._add(call)

    def _audits(self) -> None:
        """Managers audit a sample of their team's cases each month."""
        rng = self.rng
        checklist = self.config.audit_checklist
        this_month = self.today.replace(day=1)
        first_audited = this_month - relativedelta(months=AUDITED_MONTHS - 1)
        for ep in self.episodes:
            episode = ep.episode
            manager = self.managers.get(episode.team_id)
            if manager is None or episode.allocated_at is None:
                continue
            start = episode.allocated_at.astimezone(LONDON).date().replace(day=1)
            last = (episode.closed_at.astimezone(LONDON).date().replace(day=1)
                    if episode.closed_at else this_month)
            month = start + relativedelta(months=1)
            while month <= last:
                if rng.random() < 0.22 and month >= first_audited:
                    grade = _pick(rng, [(Grade.OUTSTANDING, 8), (Grade.GOOD, 55),
                                        (Grade.REQUIRES_IMPROVEMENT, 30), (Grade.INADEQUATE, 7)])
                    good = grade in (Grade.OUTSTANDING, Grade.GOOD)
                    answers = {item.code: _pick(rng, [("yes", 75 if good else 35),
                                                      ("partly", 20 if good else 40),
                                                      ("no", 5 if good else 25)])
                               for item in checklist}
                    audited = min(self.now, _at(month + dt.timedelta(days=rng.randint(5, 24)),
                                                rng))
                    self._add(CaseAudit(episode=episode, month=month, answers=answers,
                                        grade=grade, comments=AUDIT_COMMENTS[Grade(grade)],
                                        audited_by=manager, audited_at=audited))
                month += relativedelta(months=1)
        self._every_grade()

    def _every_grade(self) -> None:
        """Each month's audits find work of every grade, as a month's sample of a whole service
        does (so does every quarter, and every part of one a period takes in): where a small
        borough's draw missed one, a good audit is read again."""
        rng = self.rng
        checklist = self.config.audit_checklist
        months: dict[dt.date, list[CaseAudit]] = {}
        for audit in self.rows.get(CaseAudit, []):
            months.setdefault(audit.month, []).append(audit)
        for audits in months.values():
            found = {audit.grade for audit in audits}
            good = [audit for audit in audits if audit.grade == Grade.GOOD]
            for grade in Grade.values:
                if grade in found or len(good) < 2:
                    continue
                audit = good.pop()
                audit.grade = grade
                audit.comments = AUDIT_COMMENTS[Grade(grade)]
                fine = grade == Grade.OUTSTANDING
                audit.answers = {item.code: "yes" if fine or rng.random() < 0.3 else
                                 rng.choice(["partly", "no"]) for item in checklist}

    def _write(self) -> dict[str, int]:
        _insert(Episode, [e.episode for e in self.episodes])
        for model in (Allocation, ConsentRecord, Assessment, AssessedMember, Need, Plan,
                      PlanAction, Review, CaseNote, Closure, StepUp, TafMember, Panel,
                      PanelCase, KeepInTouch, CaseAudit):
            _insert(model, self.rows.get(model, []))
        _insert_rows(ReviewNeed, ["review", "need", "progress", "comment"],
                     self.rows.get(ReviewNeed, []))
        _insert_rows(ReviewAction, ["review", "action", "status", "comment"],
                     self.rows.get(ReviewAction, []))
        through = Panel.members.through
        _insert(through, [through(panel_id=p, user_id=u)
                          for p, u in getattr(self, "panel_members", [])])
        return self.counts()

    def stages(self) -> Counter[str]:
        return Counter(
            stage(e.episode.status, e.assessment_status, e.has_plan).value
            for e in self.episodes)

    def counts(self) -> dict[str, int]:
        stages = self.stages()
        found = {f"stage_{s.value}": stages.get(s.value, 0) for s in Stage}
        found["episodes"] = len(self.episodes)
        found["open_episodes"] = sum(1 for e in self.episodes
                                     if e.episode.status != EpisodeStatus.CLOSED)
        found["case_audits"] = len(self.rows.get(CaseAudit, []))
        found["step_ups"] = len(self.rows.get(StepUp, []))
        return found

