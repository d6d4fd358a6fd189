"""A county's worth of made-up people in households, loaded fast, for benchmarks and training."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import json
import random
import string
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Model
from django.utils import timezone
from faker import Faker

from earlyhelp.access.models import Role, User
from earlyhelp.audit.actions import record
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.models import (
    ActionOwner,
    Allocation,
    AssessedMember,
    Assessment,
    CaseAudit,
    Closure,
    ClosureReason,
    Episode,
    Feedback,
    Grade,
    Need,
    Plan,
    PlanAction,
    Review,
    StepUp,
)
from earlyhelp.casework.workflow import ActionStatus, AssessmentStatus, EpisodeStatus
from earlyhelp.council.actions import apply_config
from earlyhelp.council.config import CouncilConfig, current
from earlyhelp.council.models import Agency, Team, Ward
from earlyhelp.council.workdays import is_working_day
from earlyhelp.people import matching
from earlyhelp.people.identifiers import nhs_check_digit
from earlyhelp.people.models import (
    Ethnicity,
    Gender,
    Household,
    MatchKey,
    Membership,
    Person,
    Relationship,
)
from earlyhelp.referrals.models import (
    Channel,
    NamedPerson,
    NoFurtherActionReason,
    Outcome,
    RequestForSupport,
    RequestNeed,
    Resolution,
)
from earlyhelp.referrals.workflow import Status

TODAY = dt.date(2025, 6, 1)
BATCH = 20_000
# About one birth in 65 in England is a twin or more: a child after the first shares the
# previous child's date of birth this often, so household members are not all told apart by
# their dates.
TWINS = 0.03


@dataclass
class Row:
    """One made-up person, as generated; `record` gives what matching compares."""

    given_name: str
    family_name: str
    gender: str
    date_of_birth: dt.date | None
    address: str
    postcode: str
    household: int
    relationship: str
    nhs_number: str = ""
    other_names: list[dict[str, str]] = field(default_factory=list)

    @property
    def record(self) -> matching.Record:
        return matching.Record(
            given_name=self.given_name, family_name=self.family_name,
            other_family_names=tuple(n["family"] for n in self.other_names),
            date_of_birth=self.date_of_birth, postcode=self.postcode, address=self.address,
            nhs_number=self.nhs_number,
        )


class _Pools:
    """Names and places drawn once from Faker, then sampled: far faster than a call a row."""

    def __init__(self, seed: int) -> None:
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        self.female = [fake.first_name_female() for _ in range(6000)]
        self.male = [fake.first_name_male() for _ in range(6000)]
        self.family = [fake.last_name() for _ in range(20000)]
        self.streets = [fake.street_name() for _ in range(30000)]
        self.towns = [fake.city() for _ in range(400)]
        self.postcodes = [fake.postcode() for _ in range(100000)]


@functools.lru_cache(maxsize=2)
def _pools(seed: int) -> _Pools:
    # A county's people are walked more than once (written, then given their requests).
    return _Pools(seed)


def _birth(rng: random.Random, low: int, high: int) -> dt.date:
    return TODAY - dt.timedelta(days=rng.randint(low * 365, high * 365 + 364))


def _nhs_numbers(rng: random.Random) -> Iterator[str]:
    while True:
        first = str(rng.randint(400_000_000, 799_999_999))
        check = nhs_check_digit(first)
        if check is not None:
            yield f"{first}{check}"


def rows(n: int, seed: int = 1) -> Iterator[Row]:
    """n people in households of one to six sharing a family name and an address."""
    rng = random.Random(seed)
    # Twins are drawn from a stream of their own, so adding them left every other made-up
    # person as they were.
    twins = random.Random(seed + 65)
    pools = _pools(seed)
    nhs = _nhs_numbers(rng)
    made = 0
    household = 0
    postcode = ""
    street = ""
    while made < n:
        household += 1
        # About a dozen homes share a postcode, on one street.
        if household % 12 == 1:
            postcode = pools.postcodes[rng.randrange(len(pools.postcodes))]
            street = f"{rng.choice(pools.streets)}, {rng.choice(pools.towns)}"
        address = f"{rng.randint(1, 250)} {street}"
        family = rng.choice(pools.family)
        size = min(n - made, rng.choices([1, 2, 3, 4, 5, 6], [28, 30, 17, 15, 7, 3])[0])
        for member in _household(rng, pools, size, family, twins):
            given, gender, born, relationship, previous = member
            yield Row(
                given_name=given, family_name=family, gender=gender, date_of_birth=born,
                address=address, postcode=postcode, household=household,
                relationship=relationship,
                nhs_number=next(nhs) if rng.random() < 0.8 else "",
                other_names=[{"family": previous, "kind": "previous"}] if previous else [],
            )
            made += 1


def _household(
    rng: random.Random, pools: _Pools, size: int, family: str, twins: random.Random
) -> list[tuple]:
    members = []
    parents = 1 if size == 1 or rng.random() < 0.3 else 2
    for i in range(parents):
        female = i == 0 if parents == 2 else rng.random() < 0.7
        given = rng.choice(pools.female if female else pools.male)
        born = _birth(rng, 22, 55) if size > 1 else _birth(rng, 18, 90)
        # Some women took the family's name on marriage; their previous name is on record.
        previous = rng.choice(pools.family) if female and parents == 2 and rng.random() < 0.5 \
            else ""
        members.append((given, Gender.FEMALE if female else Gender.MALE, born, "parent",
                        previous))
    for i in range(size - parents):
        female = rng.random() < 0.5
        given = rng.choice(pools.female if female else pools.male)
        born = _birth(rng, 0, 17)
        if i and twins.random() < TWINS:
            born = members[-1][2]
        members.append((given, Gender.FEMALE if female else Gender.MALE, born, "child", ""))
    return members


# --- noisy copies, as a referrer might write a person down ------------------------------------

_NICKNAMES: dict[str, list[str]] = {}


def _nickname_of(given: str) -> str:
    if not _NICKNAMES:
        for name, formals in matching.nickname_table().items():
            for formal in formals:
                if name != formal:
                    _NICKNAMES.setdefault(formal, []).append(name)
    options = _NICKNAMES.get(matching.norm_name(given))
    return options[0].title() if options else given


def _typo(rng: random.Random, value: str) -> str:
    if len(value) < 3:
        return value
    i = rng.randrange(1, len(value) - 1)
    kind = rng.random()
    if kind < 0.3:
        return value[:i] + value[i + 1:]
    if kind < 0.6:
        return value[:i] + value[i + 1] + value[i] + value[i + 2:]
    if kind < 0.8:
        return value[:i] + rng.choice(string.ascii_lowercase) + value[i + 1:]
    return value[:i] + rng.choice(string.ascii_lowercase) + value[i:]


def noisy(row: Row, rng: random.Random) -> matching.Record:
    """A copy of a person with the mistakes and gaps requests carry."""
    rec = row.record
    given, family, born = rec.given_name, rec.family_name, rec.date_of_birth
    roll = rng.random
    if roll() < 0.08:
        given = _nickname_of(given)
    elif roll() < 0.1:
        given = _typo(rng, given)
    elif roll() < 0.03:
        given = ""
    if rec.other_family_names and roll() < 0.5:
        family = rec.other_family_names[0]
    elif roll() < 0.1:
        family = _typo(rng, family)
    if born and roll() < 0.05:
        born = None
    elif born and born.day <= 12 and roll() < 0.05:
        born = born.replace(month=born.day, day=born.month)
    elif born and roll() < 0.06:
        try:
            born = born.replace(day=rng.randint(1, 28)) if roll() < 0.5 else born.replace(
                year=born.year + rng.choice([-1, 1]))
        except ValueError:
            born = None
    postcode, address = rec.postcode, rec.address
    if roll() < 0.05:
        postcode, address = "", ""
    elif roll() < 0.08:
        # Moved since: somewhere else entirely.
        postcode = f"{rng.choice('BLMNS')}{rng.randint(1, 99)} {rng.randint(1, 9)}" \
            f"{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}"
        address = f"{rng.randint(1, 300)} {rng.choice(['New', 'Mill', 'Park'])} Road"
    elif roll() < 0.05:
        postcode = _typo(rng, postcode)
    elif roll() < 0.15:
        address = _typo(rng, address)
    nhs = rec.nhs_number if roll() < 0.4 else ""
    if nhs and roll() < 0.05:
        nhs = _typo(rng, nhs.lower()).upper()
    return dataclasses.replace(
        rec, given_name=given, family_name=family, other_family_names=(),
        date_of_birth=born, postcode=postcode, address=address, nhs_number=nhs,
    )


def incoming(
    n: int, population: int, seed: int = 2, county_seed: int = 1
) -> list[tuple[int, matching.Record]]:
    """n noisy copies of people sampled from a county generated with `rows(population)`, as
    pairs of (position in the county, counting from 0) and the copy."""
    rng = random.Random(seed)
    wanted = set(rng.sample(range(population), n))
    return [
        (i, noisy(row, rng)) for i, row in enumerate(rows(population, county_seed)) if i in wanted
    ]


# --- loading --------------------------------------------------------------------------------

def generate_people(n: int, seed: int = 1, *, progress=None, keys: bool = True) -> int:
    """Write n people, their households and (unless `keys` is false) their match keys;
    returns the first person id. Large loads drop the match key index and build it again
    once, which is far faster."""
    vendor = connection.vendor
    now = timezone.now()
    with transaction.atomic():
        first_person = (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
        first_household = (
            Household.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        )
    big = n >= 100_000 and keys
    if big:
        _drop_key_index()
    writer = _CopyWriter() if vendor == "postgresql" else _SqliteWriter()
    people: list[tuple] = []
    homes: list[tuple] = []
    members: list[tuple] = []
    match_keys: list[tuple[str, int]] = []
    last_home = 0
    person_id = first_person
    for row in rows(n, seed):
        person_id += 1
        home = first_household + row.household
        if row.household != last_home:
            homes.append((home, row.address, row.postcode, False, now))
            last_home = row.household
        people.append((
            person_id, row.given_name, row.family_name, json.dumps(row.other_names),
            row.date_of_birth, None, row.gender, Ethnicity.NOBT.value, row.nhs_number, "",
            row.address, row.postcode, None, "", now,
        ))
        members.append((home, person_id, row.relationship, row.date_of_birth))
        if keys:
            match_keys.extend((key, person_id) for key in matching.keys(row.record))
        if len(people) >= BATCH:
            writer.write(homes, people, members, match_keys)
            people, homes, members, match_keys = [], [], [], []
            if progress:
                progress(person_id - first_person)
    writer.write(homes, people, members, match_keys)
    writer.finish()
    if big:
        _create_key_index()
    return first_person + 1


_HOUSEHOLD_COLUMNS = "(id, address, postcode, restricted, created_at)"
_PERSON_COLUMNS = (
    "(id, given_name, family_name, other_names, date_of_birth, expected_due_date, gender, "
    "ethnicity, nhs_number, upn, address, postcode, ward_id, school, created_at)"
)
_MEMBER_COLUMNS = "(household_id, person_id, relationship, date_of_birth)"


class _SqliteWriter:
    def __init__(self) -> None:
        connection.ensure_connection()
        self.cursor = connection.cursor()
        # Inside a transaction (a test's) the journal cannot change, nor need it.
        self.pragmas = not connection.in_atomic_block
        if self.pragmas:
            self.cursor.execute("PRAGMA synchronous=OFF")
            self.cursor.execute("PRAGMA journal_mode=MEMORY")
            self.cursor.execute("PRAGMA cache_size=-1000000")
            self.cursor.execute("PRAGMA temp_store=MEMORY")

    def write(self, homes, people, members, match_keys) -> None:
        c = self.cursor
        with transaction.atomic():
            c.executemany(f"INSERT INTO {Household._meta.db_table} {_HOUSEHOLD_COLUMNS} "
                          "VALUES (%s, %s, %s, %s, %s)", homes)
            c.executemany(f"INSERT INTO {Person._meta.db_table} {_PERSON_COLUMNS} "
                          f"VALUES ({', '.join(['%s'] * 15)})", people)
            c.executemany(f"INSERT INTO {Membership._meta.db_table} {_MEMBER_COLUMNS} "
                          "VALUES (%s, %s, %s, %s)", members)
            c.executemany(f"INSERT INTO {MatchKey._meta.db_table} (key, person_id) "
                          "VALUES (%s, %s)", match_keys)

    def finish(self) -> None:
        if self.pragmas:
            self.cursor.execute("PRAGMA journal_mode=WAL")
            self.cursor.execute("PRAGMA synchronous=NORMAL")
        self.cursor.execute("ANALYZE")


class _CopyWriter:
    def __init__(self) -> None:
        connection.ensure_connection()
        self.raw = connection.connection

    def write(self, homes, people, members, match_keys) -> None:
        with self.raw.cursor() as cursor:
            for table, columns, data in (
                (Household._meta.db_table, _HOUSEHOLD_COLUMNS, homes),
                (Person._meta.db_table, _PERSON_COLUMNS, people),
                (Membership._meta.db_table, _MEMBER_COLUMNS, members),
                (MatchKey._meta.db_table, "(key, person_id)", match_keys),
            ):
                with cursor.copy(f"COPY {table} {columns} FROM STDIN") as copy:
                    for item in data:
                        copy.write_row(item)

    def finish(self) -> None:
        with connection.cursor() as cursor:
            for table in (Household._meta.db_table, Person._meta.db_table,
                          Membership._meta.db_table, MatchKey._meta.db_table):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
                cursor.execute(f"ANALYZE {table}")


def _drop_key_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS matchkey_key_person")


def _create_key_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS matchkey_key_person ON {MatchKey._meta.db_table} "
            "(key, person_id)"
        )


# --- a county's early help service: ten years of requests and the casework they opened ------

# The county's records run for ten years to the end of this day (London).
END = dt.date(2025, 5, 31)
YEARS = 10
LONDON = ZoneInfo("Europe/London")
# Fewer requests in August and at Christmas, more in the autumn term.
SEASON = {1: 1.05, 2: 1.0, 3: 1.1, 4: 0.9, 5: 1.05, 6: 1.05, 7: 0.95, 8: 0.6, 9: 1.1,
          10: 1.15, 11: 1.15, 12: 0.8}
# Referring agencies by kind: schools refer most, then health and the police.
SOURCE_WEIGHT = {"education": 30, "health": 11, "police": 12, "voluntary": 8, "housing": 5,
                 "social_care": 4, "early_help": 8, "other": 4}
NEED_COUNT_WEIGHTS = ((1, 30), (2, 36), (3, 20), (4, 14))
CLOSURE_WEIGHTS = (
    (ClosureReason.NEEDS_MET, 60), (ClosureReason.DISENGAGED, 10),
    (ClosureReason.CONSENT_WITHDRAWN, 6), (ClosureReason.MOVED_AWAY, 5),
    (ClosureReason.UNIVERSAL, 8), (ClosureReason.OTHER_AGENCY, 5),
    (ClosureReason.STEPPED_UP, 6),
)
FEEDBACK_WEIGHTS = ((Feedback.YES, 62), (Feedback.PARTLY, 18), (Feedback.NO, 6),
                    (Feedback.NOT_ASKED, 14))
GRADE_WEIGHTS = ((Grade.OUTSTANDING, 8), (Grade.GOOD, 47), (Grade.REQUIRES_IMPROVEMENT, 32),
                 (Grade.INADEQUATE, 13))
CONCERNS = [
    "Attendance has fallen this term and mornings at home are a struggle.",
    "The parents have asked for help with routines and boundaries.",
    "Behaviour at home has become hard to manage.",
    "The family has rent and energy arrears and has used the food bank.",
    "Police attended a domestic incident at the address; the children were present.",
    "The young person is anxious and has stopped seeing friends.",
]


@dataclass(frozen=True)
class CountySize:
    """How big a county to make: people on record, requests over ten years, and the service
    that answered them (teams of practitioners, wards)."""

    people: int = 1_000_000
    requests: int = 1_000_000
    teams: int = 40
    practitioners: int = 600
    wards: int = 60

    @classmethod
    def scaled(cls, requests: int, people: int | None = None) -> CountySize:
        """A county of `requests` requests, its people and service in proportion to the full
        county's."""
        share = requests / 1_000_000
        return cls(people=people or max(requests, 100), requests=requests,
                   teams=max(2, min(40, round(40 * share))),
                   practitioners=max(4, min(600, round(600 * share))),
                   wards=max(3, min(60, round(60 * share * 4))))


@dataclass
class County:
    """What a generation made: its counts by table, and the ids the benchmarks start from."""

    end: dt.date
    counts: dict[str, int]
    seconds: float


class _Calendar:
    """Working days, due dates and London offsets for every day of the county's history and a
    year beyond, worked out once: the service's clocks (council.workdays) a row at a time
    would take longer than the rest of the load."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.first = first
        days = (last - first).days + 1
        self.dates = [first + dt.timedelta(days=i) for i in range(days)]
        self.working = [is_working_day(d) for d in self.dates]
        self.working_list = [i for i, w in enumerate(self.working) if w]
        position = 0
        self.next_working: list[int] = []
        for i in range(days):
            while position < len(self.working_list) and self.working_list[position] < i:
                position += 1
            self.next_working.append(position)
        # The instant (naive UTC) each day ends in London, and each day's offset at noon.
        self.day_end = []
        self.offset = []
        for day in self.dates:
            end = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=LONDON)
            self.day_end.append(end.astimezone(dt.UTC).replace(tzinfo=None))
            noon = dt.datetime.combine(day, dt.time(12), tzinfo=LONDON)
            offset = noon.utcoffset()
            assert offset is not None
            self.offset.append(offset)

    def index(self, day: dt.date) -> int:
        return (day - self.first).days

    def add_working_days(self, day: int, days: int) -> int:
        """As council.workdays.add_working_days, by day index."""
        return self.working_list[self.next_working[day] + days]

    def due_at(self, day: int, days: int) -> dt.datetime:
        """As council.workdays.due_at for a time on London day `day`, as naive UTC."""
        return self.day_end[self.add_working_days(day, days)]

    def local_date(self, utc: dt.datetime) -> dt.date:
        """The London day of a naive UTC time."""
        return utc.replace(tzinfo=dt.UTC).astimezone(LONDON).date()

    def utc(self, day: int, seconds: int) -> dt.datetime:
        """A London time, `seconds` after the start of day `day`, as naive UTC."""
        return (dt.datetime.combine(self.dates[day], dt.time()) + dt.timedelta(seconds=seconds)
                - self.offset[day])


def _cumulative(weighted: Sequence[tuple[Any, float]]) -> tuple[list[Any], list[float]]:
    items, total, cumulative = [], 0.0, []
    for item, weight in weighted:
        total += weight
        items.append(item)
        cumulative.append(total)
    return items, cumulative


class _Table:
    """Rows for one table: the generated columns, then the model's defaults for the rest, so
    a column added to a model later does not break the load."""

    def __init__(self, model: type[Model], fields: Sequence[str]) -> None:
        meta = model._meta
        self.model = model
        self.table = meta.db_table
        names = list(fields)
        columns: list[str] = [
            meta.get_field(name).column for name in names]  # type: ignore[union-attr,misc]
        extra: list[Any] = []
        for f in meta.concrete_fields:
            if f.name in names or f.primary_key and f.name == "id" and "id" not in names:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value: Any = dt.datetime.combine(END, dt.time(12))
            elif isinstance(f, models.JSONField):
                value = json.dumps(f.get_default())
            elif f.has_default() or f.null or f.empty_strings_allowed:
                value = f.get_default()
            else:
                raise ValueError(f"{self.table}.{f.column} needs a value from the generator")
            columns.append(str(f.column))
            extra.append(value)
        self.columns = columns
        self.extra = tuple(extra)
        self.rows: list[tuple] = []

    def add(self, *row: Any) -> None:
        self.rows.append(row)


class _Loader:
    """Writes tables in batches: COPY on PostgreSQL, executemany in one transaction a batch
    on SQLite, with the PRAGMAs a bulk load wants."""

    def __init__(self, tables: Sequence[_Table]) -> None:
        connection.ensure_connection()
        self.tables = tables
        self.postgres = connection.vendor == "postgresql"
        self.written: dict[str, int] = {t.table: 0 for t in tables}
        # Inside a transaction (a test's) the journal cannot change, nor need it.
        self.pragmas = not self.postgres and not connection.in_atomic_block
        if self.pragmas:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=OFF")
                cursor.execute("PRAGMA journal_mode=MEMORY")
                cursor.execute("PRAGMA cache_size=-1000000")
                cursor.execute("PRAGMA temp_store=MEMORY")

    def flush(self) -> None:
        # One transaction a batch: a request and the episode it opened refer to each other,
        # and the foreign keys are checked at commit.
        with transaction.atomic():
            if self.postgres:
                with connection.connection.cursor() as cursor:
                    for t in self.tables:
                        if not t.rows:
                            continue
                        with cursor.copy(
                            f"COPY {t.table} ({', '.join(t.columns)}) FROM STDIN"
                        ) as copy:
                            extra = t.extra
                            for row in t.rows:
                                copy.write_row(row + extra)
            else:
                with connection.cursor() as cursor:
                    for t in self.tables:
                        if not t.rows:
                            continue
                        extra = t.extra
                        cursor.executemany(
                            f"INSERT INTO {t.table} ({', '.join(t.columns)}) "
                            f"VALUES ({', '.join(['%s'] * len(t.columns))})",
                            [row + extra for row in t.rows],
                        )
        for t in self.tables:
            self.written[t.table] += len(t.rows)
            t.rows = []

    def finish(self) -> None:
        models_ = [t.model for t in self.tables]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_):
                cursor.execute(sql)
            if self.postgres:
                for t in self.tables:
                    cursor.execute(f"ANALYZE {t.table}")
            else:
                if self.pragmas:
                    cursor.execute("PRAGMA journal_mode=WAL")
                    cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("ANALYZE")


def _pick(rng: random.Random, weighted: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([item for item, _ in weighted], [weight for _, weight in weighted])[0]


def _next_id(model: type[Model]) -> int:
    return (model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


class _Service:
    """The county's wards, agencies, teams and staff, made quickly through the ORM."""

    def __init__(self, size: CountySize, config: CouncilConfig, rng: random.Random,
                 end: dt.date) -> None:
        apply_config(config)
        # Everyone has worked here since the county's records begin.
        joined = dt.datetime.combine(end.replace(year=end.year - YEARS), dt.time(9),
                                     tzinfo=dt.UTC)
        agencies = list(Agency.objects.order_by("code"))
        early_help = next((a for a in agencies if a.kind == "early_help"), agencies[0])
        Ward.objects.bulk_create(
            Ward(code=f"CW{i:03d}", name=f"County ward {i}") for i in range(1, size.wards + 1)
        )
        self.wards = list(Ward.objects.filter(code__startswith="CW").order_by("code")
                          .values_list("pk", flat=True))
        Team.objects.bulk_create(
            Team(code=f"CT{i:02d}", name=f"Early help team {i}", agency=early_help)
            for i in range(1, size.teams + 1)
        )
        self.teams = list(Team.objects.filter(code__startswith="CT").order_by("code")
                          .values_list("pk", flat=True))
        names = [(rng.choice(GIVEN), rng.choice(SURNAMES)) for _ in range(4000)]
        users: list[User] = []

        def user(username: str, role: str, agency: Agency, team: int | None = None) -> None:
            first, last = names[len(users) % len(names)]
            users.append(User(username=username, password="!", role=role, first_name=first,
                              last_name=last, email=f"{username}@example.org",
                              agency=agency, team_id=team, job_title=Role(role).label,
                              date_joined=joined))

        for i in range(size.practitioners):
            user(f"county-worker-{i + 1}", Role.PRACTITIONER, early_help,
                 self.teams[i % len(self.teams)])
        for i, team in enumerate(self.teams):
            user(f"county-manager-{i + 1}", Role.TEAM_MANAGER, early_help, team)
        for i in range(max(2, size.teams // 4)):
            user(f"county-duty-{i + 1}", Role.DUTY_MANAGER, early_help)
            user(f"county-front-door-{i + 1}", Role.FRONT_DOOR, early_help)
        for agency in agencies:
            for i in range(3):
                user(f"county-{agency.code.lower()}-{i + 1}", Role.REFERRER, agency)
        User.objects.bulk_create(users, batch_size=1000)
        made = list(User.objects.filter(username__startswith="county-")
                    .values_list("pk", "role", "team_id", "agency_id"))
        self.workers: dict[int, list[int]] = {t: [] for t in self.teams}
        self.managers: dict[int, int] = {}
        self.duty: list[int] = []
        self.front_door: list[int] = []
        self.referrers: dict[int, list[int]] = {}
        for pk, role, team, agency_id in sorted(made):
            if role == Role.PRACTITIONER:
                self.workers[team].append(pk)
            elif role == Role.TEAM_MANAGER:
                self.managers[team] = pk
            elif role == Role.DUTY_MANAGER:
                self.duty.append(pk)
            elif role == Role.FRONT_DOOR:
                self.front_door.append(pk)
            else:
                self.referrers.setdefault(agency_id, []).append(pk)
        self.agencies = [a.pk for a in agencies]
        self.social_care = [a.pk for a in agencies if a.kind == "social_care"]
        self.sources = _cumulative(
            [(a.pk, SOURCE_WEIGHT.get(a.kind, 4)) for a in agencies])
        self.counts = {"wards": len(self.wards), "teams": len(self.teams),
                       "practitioners": size.practitioners, "users": len(users)}


GIVEN = ["Olivia", "Amelia", "Isla", "Ava", "Grace", "Freya", "Ruby", "Aisha", "Zara", "Hannah",
         "Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Jack", "Yusuf", "Ethan", "Sam"]
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
            "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts",
            "Green", "Hall", "Wood", "Jackson", "Clarke", "Khan", "Hughes", "Lewis", "Ahmed"]

_REQUEST_FIELDS = (
    "id", "reference", "status", "channel", "received_at", "acknowledgement_due_at",
    "decision_due_at", "acknowledged_at", "submitted_by", "referrer_name", "referrer_agency",
    "referrer_email", "address", "postcode", "ward", "household", "concerns",
    "significant_harm", "consent_to_request", "consent_to_share", "step_down",
    "social_care_reference", "episode", "re_referral_of", "suggested_level", "level",
    "outcome", "no_further_action_reason", "decided_by", "decided_at", "notified_at",
)
_EPISODE_FIELDS = (
    "id", "household", "opened_by", "outcome", "level", "status", "opened_at", "team",
    "lead_worker", "allocated_at", "support_ends_on", "assessment_due_on", "next_review_on",
    "closed_at", "closure_reason",
)


@dataclass
class _Family:
    id: int
    ward: int
    address: str
    postcode: str
    # (person id, given name, family name, gender, date of birth, relationship)
    members: list[tuple]


def _families(people: int, seed: int, first_person: int, base: int,
              wards: list[int]) -> list[_Family]:
    """The generated households with their members, as generate_people wrote them."""
    families: list[_Family] = []
    person = first_person - 1
    current_home = -1
    for row in rows(people, seed):
        person += 1
        if row.household != current_home:
            current_home = row.household
            home = base + row.household
            families.append(_Family(home, wards[_ward_index(row.household, len(wards))],
                                    row.address, row.postcode, []))
        families[-1].members.append((person, row.given_name, row.family_name, row.gender,
                                     row.date_of_birth, row.relationship))
    return families


def _ward_index(household: int, wards: int) -> int:
    # About ten postcodes (120 homes) of neighbours to a ward at a time, as streets lie.
    return (household - 1) // 120 % wards


def generate_county(size: CountySize | None = None, seed: int = 1, *, progress=None,
                    end: dt.date = END) -> County:
    """A county: its people in households, its early help service, and `size.requests`
    requests over the ten years to `end` with the episodes, assessments, needs, plans,
    reviews, closures, step-ups and audits that followed. Deterministic for a seed."""
    size = size or CountySize()
    started = time.monotonic()
    rng = random.Random(seed * 7 + 3)
    config = current()
    service = _Service(size, config, rng, end)
    base = _next_id(Household) - 1
    first_person = generate_people(size.people, seed, keys=False)
    quote = connection.ops.quote_name
    whens = " ".join(f"WHEN {i} THEN {int(w)}" for i, w in enumerate(service.wards))
    with connection.cursor() as cursor:
        # Neighbours share a ward, by the rule the requests' wards follow (_ward_index).
        cursor.execute(
            f"UPDATE {quote(Household._meta.db_table)} SET ward_id = "
            f"CASE ((id - %s - 1) / 120) %% %s {whens} END WHERE id > %s",
            [base, len(service.wards), base],
        )
    if progress:
        progress(f"{size.people:,} people in households")
    families = _families(size.people, seed, first_person, base, service.wards)
    maker = _Maker(size, config, service, rng, end)
    maker.run(families, progress)
    counts = {**service.counts, "people": size.people, "households": len(families),
              **maker.counts()}
    seconds = time.monotonic() - started
    # Kept with the county, so a benchmark reusing it can say how long it took to make.
    record(None, Verb.CREATE, detail={"county": {
        "requests": size.requests, "people": size.people, "seed": seed,
        "seconds": round(seconds), "made_on": dt.date.today().isoformat()}})
    return County(end=end, counts=counts, seconds=seconds)


class _Maker:
    """Walks each family's requests in the order they arrived, deciding each and running the
    episode it opens to closure, or to wherever it has got by the county's end."""

    def __init__(self, size: CountySize, config: CouncilConfig, service: _Service,
                 rng: random.Random, end: dt.date) -> None:
        self.size, self.config, self.service, self.rng = size, config, service, rng
        first = end.replace(year=end.year - YEARS) + dt.timedelta(days=1)
        self.cal = _Calendar(first, end + dt.timedelta(days=800))
        self.end_day = self.cal.index(end)
        self.end_at = self.cal.day_end[self.end_day]
        t = config.timescales
        self.ack_days, self.decision_days = (t.acknowledgement_working_days,
                                             t.decision_working_days)
        self.assessment_days = t.assessment_working_days
        self.review_days = 7 * t.review_interval_weeks
        self.intensive_days = 30 * t.intensive_support_months
        self.re_referral = relativedelta(months=t.re_referral_months)
        self.needs = [n.code for n in config.needs]
        self.need_outcome = {n.code: n.outcome for n in config.needs}
        self.checklist = [q.code for q in config.audit_checklist]
        # Days weighted by season, weekday and a slow rise in demand over the years.
        weights = []
        for i in range(self.end_day + 1):
            day = self.cal.dates[i]
            w = SEASON[day.month] * (1 + 0.04 * i / 365)
            weights.append(w if self.cal.working[i] else w * 0.05)
        self.days, self.day_weights = list(range(self.end_day + 1)), list(
            itertools.accumulate(weights))
        numbered: tuple[type[Model], ...] = (
            RequestForSupport, NamedPerson, RequestNeed, Episode, Allocation, Assessment,
            AssessedMember, Need, Plan, PlanAction, Review, StepUp, Closure, CaseAudit)
        self.ids: dict[type[Model], int] = {m: _next_id(m) for m in numbered}
        self.requests = _Table(RequestForSupport, _REQUEST_FIELDS)
        self.named = _Table(NamedPerson, ("id", "request", "relationship", "given_name",
                                          "family_name", "date_of_birth", "gender",
                                          "resolution", "person"))
        self.request_needs = _Table(RequestNeed, ("id", "request", "code", "received_at"))
        self.episodes = _Table(Episode, _EPISODE_FIELDS)
        self.allocations = _Table(Allocation, ("id", "episode", "team", "worker",
                                               "allocated_by", "allocated_at", "ended_at"))
        self.assessments = _Table(Assessment, (
            "id", "episode", "status", "started_at", "started_by", "due_on", "scaling_score",
            "updated_by", "updated_at", "submitted_by", "submitted_at", "signed_off_by",
            "completed_at", "completed_on"))
        self.assessed = _Table(AssessedMember, ("id", "assessment", "person"))
        self.need_rows = _Table(Need, ("id", "episode", "person", "code", "outcome",
                                       "identified_at", "met", "met_on"))
        self.plans = _Table(Plan, ("id", "episode", "started_on", "created_by"))
        self.actions = _Table(PlanAction, (
            "id", "plan", "need", "what", "owner_kind", "owner_user", "owner_agency",
            "owner_person", "due_on", "outcome", "status", "updated_by", "updated_at"))
        self.reviews = _Table(Review, ("id", "episode", "held_on", "due_on", "attended",
                                       "scaling_score", "next_review_on", "recorded_by",
                                       "recorded_at"))
        self.step_ups = _Table(StepUp, ("id", "episode", "reason", "stepped_up_by",
                                        "stepped_up_at"))
        self.closures = _Table(Closure, (
            "id", "episode", "reason", "summary", "things_better", "listened_to",
            "needs_met", "requested_by", "requested_at", "signed_off_by", "signed_off_at",
            "every_need_met"))
        self.audits = _Table(CaseAudit, ("id", "episode", "month", "answers", "grade",
                                         "comments", "audited_by", "audited_at"))
        self.loader = _Loader([
            self.requests, self.named, self.request_needs, self.episodes, self.allocations,
            self.assessments, self.assessed, self.need_rows, self.plans, self.actions, self.reviews,
            self.step_ups, self.closures, self.audits])
        self.open_at_end: list[tuple[int, int, int]] = []

    def _id(self, model: type[Model]) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value

    def counts(self) -> dict[str, int]:
        return {t.model._meta.model_name or t.table: self.loader.written[t.table]
                for t in self.loader.tables}

    def run(self, families: list[_Family], progress=None) -> None:
        rng = self.rng
        with_children = [f for f in families if any(m[5] == "child" for m in f.members)]
        eligible = with_children or families
        # Each family with children gets about the same share; then counts are nudged until
        # they add up to exactly the requests asked for.
        mean = self.size.requests / len(eligible)
        counts = [max(0, int(rng.expovariate(1 / mean) + 0.5)) for _ in eligible]
        total = sum(counts)
        while total != self.size.requests:
            i = rng.randrange(len(counts))
            if total > self.size.requests and counts[i]:
                counts[i] -= 1
                total -= 1
            elif total < self.size.requests:
                counts[i] += 1
                total += 1
        made = 0
        for family, count in zip(eligible, counts, strict=True):
            if count:
                self.family(family, count)
                made += count
            if len(self.requests.rows) >= BATCH:
                self.loader.flush()
                if progress:
                    progress(f"  {made:,} requests")
        self.loader.flush()
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {quote(Household._meta.db_table)} SET team_id = %s, "
                "lead_worker_id = %s WHERE id = %s", self.open_at_end)
        self.loader.finish()

    def family(self, family: _Family, count: int) -> None:
        rng, cal = self.rng, self.cal
        days = sorted(rng.choices(self.days, cum_weights=self.day_weights, k=count))
        open_episode: tuple[int, dt.datetime | None, int, int] | None = None
        last_closed: tuple[int, dt.datetime] | None = None
        for day in days:
            if cal.working[day]:
                seconds = rng.randint(8 * 3600, 18 * 3600) if rng.random() < 0.9 \
                    else rng.randint(6 * 3600, 23 * 3600)
            else:
                seconds = rng.randint(9 * 3600, 20 * 3600)
            received = cal.utc(day, seconds)
            if open_episode and open_episode[1] is not None and received >= open_episode[1]:
                last_closed = (open_episode[0], open_episode[1])
                open_episode = None
            re_referral = None
            if open_episode is None and last_closed and \
                    last_closed[1] > received - self.re_referral:
                re_referral = last_closed[0]
            opened = self.request(family, day, received, open_episode, re_referral)
            if opened:
                open_episode = opened

    def request(self, family: _Family, day: int, received: dt.datetime,
                joining: tuple | None, re_referral: int | None) -> tuple | None:
        rng, cal, service = self.rng, self.cal, self.service
        rid = self._id(RequestForSupport)
        ack_due = cal.due_at(day, self.ack_days)
        decision_due = cal.due_at(day, self.decision_days)
        roll = rng.random()
        channel = Channel.WEB if roll < 0.62 else Channel.PHONE if roll < 0.88 else Channel.API
        agency = rng.choices(service.agencies, cum_weights=service.sources[1])[0]
        step_down = agency in service.social_care and rng.random() < 0.7
        submitted_by = rng.choice(service.front_door) if channel == Channel.PHONE \
            else rng.choice(service.referrers[agency])
        acknowledged = self._within(received, ack_due, 0.93, 72)
        decided = self._within(received, decision_due, 0.88, 120)
        codes = rng.sample(self.needs, rng.choices((1, 2, 3, 4), (30, 36, 20, 14))[0])
        suggested = 1 if len(codes) == 1 else 2 if len(codes) < 4 else 3
        harm = rng.random() < 0.03
        status, level, outcome, nfa, decided_by, notified = Status.RECEIVED, None, None, "", \
            None, None
        episode_id: int | None = None
        opened: tuple | None = None
        if decided <= self.end_at:
            decided_by = rng.choice(service.duty)
            notified = decided + dt.timedelta(minutes=rng.randint(5, 240))
            if notified > self.end_at:
                notified = None
            if joining:
                status, outcome, level, episode_id = Status.DECIDED, joining[2], joining[3], \
                    joining[0]
            elif harm:
                status, level, outcome = Status.ROUTED_TO_SOCIAL_CARE, 4, Outcome.SOCIAL_CARE
            elif rng.random() < 0.13:
                status, level = Status.NO_FURTHER_ACTION, rng.choice((1, 1, 2))
                nfa = rng.choice(NoFurtherActionReason.values)
            else:
                status = Status.DECIDED
                roll = rng.random()
                outcome = Outcome.ALTERNATIVE_HELP if roll < 0.58 else \
                    Outcome.TEAM_AROUND_FAMILY if roll < 0.85 else Outcome.INTENSIVE_SUPPORT
                level = 3 if outcome == Outcome.INTENSIVE_SUPPORT else \
                    rng.choice((2, 2, 3)) if outcome == Outcome.TEAM_AROUND_FAMILY else \
                    rng.choice((1, 2, 2, 2))
                if outcome != Outcome.ALTERNATIVE_HELP:
                    episode_id = self._id(Episode)
                    closes = self.episode(episode_id, rid, family, decided, outcome, level,
                                          codes)
                    opened = (episode_id, closes, outcome, level)
        self.requests.add(
            rid, f"CR{rid:08d}", status, channel, received, ack_due, decision_due,
            acknowledged if acknowledged <= self.end_at else None, submitted_by,
            f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}", agency,
            f"referrer{agency}@example.org", family.address, family.postcode, family.ward,
            family.id, rng.choice(CONCERNS), harm, True, True, step_down,
            f"SC-{rid}" if step_down else "", episode_id, re_referral, suggested, level,
            outcome, nfa, decided_by, decided if decided_by else None, notified,
        )
        for code in codes:
            self.request_needs.add(self._id(RequestNeed), rid, code, received)
        received_on = received.date()
        children = [m for m in family.members if m[5] == "child" and m[4] is not None
                    and m[4] <= received_on and (received_on - m[4]).days < 18 * 365]
        adults = [m for m in family.members if m[5] != "child"]
        for m in children + adults[:1] or family.members[:1]:
            self.named.add(self._id(NamedPerson), rid,
                           Relationship.CHILD if m in children else Relationship.PARENT,
                           m[1], m[2], m[4], m[3], Resolution.LINKED, m[0])
        return opened

    def _within(self, start: dt.datetime, due: dt.datetime, share: float,
                late_hours: int) -> dt.datetime:
        """A time before `due` for `share` of them, else up to `late_hours` after it."""
        rng = self.rng
        if rng.random() < share:
            return start + (due - start) * rng.uniform(0.02, 1) if due > start else start
        return due + dt.timedelta(minutes=rng.randint(30, late_hours * 60))

    def episode(self, eid: int, rid: int, family: _Family, opened: dt.datetime, outcome: int,
                level: int, codes: list[str]) -> dt.datetime | None:
        """Rows for an episode's life; returns when it closed, or None if open at the end."""
        rng, cal, service = self.rng, self.cal, self.service
        end_at, day_of = self.end_at, self.cal.index
        opened_day = day_of(opened.date())
        alloc_day = cal.add_working_days(opened_day, rng.randint(1, 6))
        allocated = cal.utc(alloc_day, rng.randint(9 * 3600, 17 * 3600))
        episode: dict[str, Any] = dict(
            status=EpisodeStatus.AWAITING_ALLOCATION, team=None, worker=None, allocated=None,
            support_ends=None, assessment_due=None, next_review=None, closed=None, reason="")
        closes: dt.datetime | None = None
        allocation: tuple | None = None
        try:
            if allocated > end_at:
                return None
            team = rng.choice(service.teams)
            worker = rng.choice(service.workers[team])
            manager = service.managers[team]
            allocation = (self._id(Allocation), eid, team, worker, manager, allocated)
            due_day = cal.add_working_days(alloc_day, self.assessment_days)
            episode.update(status=EpisodeStatus.OPEN, team=team, worker=worker,
                           allocated=allocated, assessment_due=cal.dates[due_day])
            if outcome == Outcome.INTENSIVE_SUPPORT:
                episode["support_ends"] = cal.dates[alloc_day] + relativedelta(
                    months=self.intensive_days // 30)
            closes = self._casework(eid, family, episode, alloc_day, due_day, worker,
                                    manager, codes, outcome)
            return closes
        finally:
            # Closing ends the allocation, as casework.actions.common.close does.
            if allocation is not None:
                self.allocations.add(*allocation, episode["closed"])
            if episode["status"] != EpisodeStatus.CLOSED and episode["team"] is not None:
                self.open_at_end.append((episode["team"], episode["worker"], family.id))
            self.episodes.add(
                eid, family.id, rid, outcome, level, episode["status"], opened,
                episode["team"], episode["worker"], episode["allocated"],
                episode["support_ends"], episode["assessment_due"], episode["next_review"],
                episode["closed"], episode["reason"])

    def _casework(self, eid: int, family: _Family, episode: dict, alloc_day: int, due_day: int,
                  worker: int, manager: int, codes: list[str], outcome: int
                  ) -> dt.datetime | None:
        rng, cal, end_at = self.rng, self.cal, self.end_at
        start_day = alloc_day + rng.randint(1, 4)
        started = cal.utc(start_day, rng.randint(9 * 3600, 16 * 3600))
        if started > end_at:
            return None
        if rng.random() < 0.82:
            done_day = rng.randint(min(start_day + 1, due_day), due_day)
        else:
            done_day = due_day + rng.randint(1, 25)
        completed = cal.utc(done_day, rng.randint(10 * 3600, 17 * 3600))
        submitted = completed - dt.timedelta(hours=rng.randint(2, 40))
        children = [m[0] for m in family.members if m[5] == "child"]
        needs: list[tuple[int, str]] = []
        for code in codes:
            nid = self._id(Need)
            needs.append((nid, code))
        if completed > end_at:
            status = AssessmentStatus.SUBMITTED if submitted <= end_at else \
                AssessmentStatus.DRAFT
            aid = self._id(Assessment)
            self.assessments.add(aid, eid, status, started, worker, cal.dates[due_day], None,
                                 worker, started, None, None, None, None, None)
            self._assessed(aid, family)
            self._needs(eid, needs, children, started, None, None)
            return None
        aid = self._id(Assessment)
        self.assessments.add(aid, eid, AssessmentStatus.COMPLETED, started, worker,
                             cal.dates[due_day], rng.randint(2, 7), worker, completed, worker,
                             submitted, manager, completed, cal.local_date(completed))
        self._assessed(aid, family)
        episode["assessment_due"] = None
        plan_day = done_day + rng.randint(0, 3)
        plan_on = cal.dates[plan_day]
        close_day = plan_day + rng.randint(60, 330)
        if outcome == Outcome.INTENSIVE_SUPPORT:
            close_day = min(close_day, plan_day + self.intensive_days)
        if cal.utc(plan_day, 9 * 3600) > end_at:
            self._needs(eid, needs, children, started, None, None)
            return None
        pid = self._id(Plan)
        self.plans.add(pid, eid, plan_on, worker)
        # Reviews every interval from the plan's start, most on time, some late.
        due = plan_day + self.review_days
        while due < close_day:
            held = due - rng.randint(0, 6) if rng.random() < 0.8 else due + rng.randint(1, 21)
            recorded = cal.utc(held, rng.randint(10 * 3600, 18 * 3600))
            if recorded > end_at:
                break
            self.reviews.add(self._id(Review), eid, cal.dates[held], cal.dates[due],
                             "Parent\nLead professional", rng.randint(3, 9),
                             cal.dates[held + self.review_days], worker, recorded)
            due = held + self.review_days
        closing = cal.utc(close_day, rng.randint(10 * 3600, 16 * 3600))
        reason = _pick(rng, CLOSURE_WEIGHTS)
        signed = closing + dt.timedelta(days=rng.randint(1, 7), hours=rng.randint(0, 5))
        still_open = closing > end_at
        closed = not still_open and (reason == ClosureReason.STEPPED_UP or signed <= end_at)
        self._actions(pid, needs, plan_day, worker, family, closed)
        if still_open:
            episode["next_review"] = cal.dates[due]
            self._needs(eid, needs, children, started, None, None)
            return None
        if reason == ClosureReason.STEPPED_UP:
            self.step_ups.add(self._id(StepUp), eid, "Worries about harm have grown.", worker,
                              closing)
            episode.update(status=EpisodeStatus.CLOSED, closed=closing, reason=reason,
                           next_review=None)
            self._needs(eid, needs, children, started, None, None)
            return closing
        chance = 0.85 if reason == ClosureReason.NEEDS_MET else 0.35
        met = {nid: rng.random() < chance for nid, _ in needs}
        things_better = _pick(rng, FEEDBACK_WEIGHTS)
        listened = _pick(rng, FEEDBACK_WEIGHTS)
        if signed > end_at:
            self.closures.add(self._id(Closure), eid, reason, "Closing summary.", things_better,
                              listened, json.dumps({str(k): v for k, v in met.items()}), worker,
                              closing, None, None, False)
            episode.update(status=EpisodeStatus.CLOSING)
            self._needs(eid, needs, children, started, None, None)
            return None
        self.closures.add(self._id(Closure), eid, reason, "Closing summary.", things_better,
                          listened, json.dumps({str(k): v for k, v in met.items()}), worker,
                          closing, manager, signed, bool(met) and all(met.values()))
        episode.update(status=EpisodeStatus.CLOSED, closed=signed, reason=reason,
                       next_review=None)
        self._needs(eid, needs, children, started, met, signed.date())
        if rng.random() < 0.2:
            self._audit(eid, alloc_day, close_day, manager)
        return signed

    def _assessed(self, aid: int, family: _Family) -> None:
        # Every member of the household is seen, as the audit checklist asks.
        for member in family.members:
            self.assessed.add(self._id(AssessedMember), aid, member[0])

    def _needs(self, eid: int, needs: list[tuple[int, str]], children: list[int],
               identified: dt.datetime, met: dict[int, bool] | None,
               met_on: dt.date | None) -> None:
        rng = self.rng
        for nid, code in needs:
            person = rng.choice(children) if children and rng.random() < 0.6 else None
            was_met = met.get(nid) if met is not None else None
            self.need_rows.add(nid, eid, person, code, self.need_outcome[code], identified,
                               was_met, met_on if was_met else None)

    def _actions(self, pid: int, needs: list[tuple[int, str]], plan_day: int, worker: int,
                 family: _Family, closed: bool) -> None:
        rng, cal = self.rng, self.cal
        adults = [m[0] for m in family.members if m[5] != "child"]
        updated = cal.utc(plan_day, 12 * 3600)
        for i in range(rng.randint(2, 4)):
            nid, code = needs[i % len(needs)]
            roll = rng.random()
            user: int | None = worker
            agency: int | None = None
            person: int | None = None
            kind = ActionOwner.WORKER
            if roll < 0.3:
                user, agency, kind = None, rng.choice(self.service.agencies), \
                    ActionOwner.AGENCY
            elif roll < 0.5 and adults:
                user, person, kind = None, rng.choice(adults), ActionOwner.FAMILY
            due = cal.dates[plan_day + rng.randint(14, 70)]
            if closed:
                status = rng.choices((ActionStatus.DONE, ActionStatus.NOT_DONE,
                                      ActionStatus.CANCELLED), (70, 15, 15))[0]
            else:
                status = rng.choice((ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS,
                                     ActionStatus.IN_PROGRESS, ActionStatus.DONE))
            self.actions.add(self._id(PlanAction), pid, nid, "Agreed action for the need.",
                             kind, user, agency, person, due, self.need_outcome[code], status,
                             worker, updated)

    def _audit(self, eid: int, first_day: int, last_day: int, manager: int) -> None:
        rng, cal = self.rng, self.cal
        day = cal.dates[rng.randint(first_day, min(last_day, self.end_day))]
        month = day.replace(day=1)
        audited = dt.datetime.combine(month, dt.time(11)) + dt.timedelta(
            days=rng.randint(3, 27))
        if audited > self.end_at:
            return
        answers = {code: rng.choice(("yes", "yes", "partly", "no")) for code in self.checklist}
        self.audits.add(self._id(CaseAudit), eid, month, json.dumps(answers),
                        _pick(rng, GRADE_WEIGHTS),
                        "Audited against the checklist.", manager, audited)


def existing_county() -> dict[str, int]:
    """The counts of a county already in the database (empty when there is none)."""
    if not RequestForSupport.objects.exists():
        return {}
    return {
        "people": Person.objects.count(), "households": Household.objects.count(),
        "requestforsupport": RequestForSupport.objects.count(),
        "episode": Episode.objects.count(), "assessment": Assessment.objects.count(),
        "plan": Plan.objects.count(), "review": Review.objects.count(),
        "closure": Closure.objects.count(), "stepup": StepUp.objects.count(),
        "practitioners": User.objects.filter(role=Role.PRACTITIONER).count(),
        "teams": Team.objects.filter(code__startswith="CT").count(),
        "wards": Ward.objects.filter(code__startswith="CW").count(),
    }


def ensure_county(size: CountySize, seed: int = 1, *, progress=None
                  ) -> tuple[dict[str, int], str]:
    """The county in the database: the one there if its size is right, else a new one.
    Returns its counts, and how long its load took and when."""
    found = existing_county()
    if found:
        if found["requestforsupport"] != size.requests:
            raise ValueError(
                f"The database holds a county of {found['requestforsupport']:,} requests, "
                f"not {size.requests:,}: choose another database to keep it in")
        made = AuditEvent.objects.filter(verb=Verb.CREATE, detail__has_key="county") \
            .order_by("-seq").values_list("detail", flat=True).first()
        if made is None:
            return found, "already in the kept database"
        return found, (f"loaded in {made['county']['seconds']} s on {made['county']['made_on']}"
                       " and kept; this run read it")
    county = generate_county(size, seed, progress=progress)
    return county.counts, f"loaded in {county.seconds:.0f} s"


def for_benchmark(requests: int, progress=None) -> tuple[dict[str, int], str]:
    """The benchmarks' county of `requests` requests (the full county at a million)."""
    size = CountySize() if requests == 1_000_000 else CountySize.scaled(requests)
    if progress:
        progress(f"County of {size.requests:,} requests")
    return ensure_county(size, seed=1, progress=progress)


def describe(counts: dict[str, int], made: str) -> str:
    """What a benchmark's county holds, and how long it took to load."""
    return (
        f"County (`earlyhelp.demo.county`, seed 1, ten years to {END:%d %B %Y}): "
        f"{counts['people']:,} people in {counts['households']:,} households; "
        f"{counts['requestforsupport']:,} requests for support; {counts['episode']:,} "
        f"episodes with {counts['assessment']:,} assessments, {counts['plan']:,} plans, "
        f"{counts['review']:,} reviews, {counts['closure']:,} closures and "
        f"{counts['stepup']:,} step-ups; {counts['practitioners']:,} practitioners in "
        f"{counts['teams']:,} teams; {counts['wards']:,} wards; {made}."
    )
