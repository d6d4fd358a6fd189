"""A county's worth of made-up people in households, loaded fast, for benchmarks and training."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from earlyhelp.people import matching
from earlyhelp.people.identifiers import nhs_check_digit
from earlyhelp.people.models import Ethnicity, Gender, Household, MatchKey, Membership, Person

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
    pools = _Pools(seed)
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

def generate_people(n: int, seed: int = 1, *, progress=None) -> int:
    """Write n people, their households and their match keys; returns the first person id.
    Large loads drop the match key index and build it again once, which is far faster."""
    vendor = connection.vendor
    now = timezone.now()
    with transaction.atomic():
        first_person = (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
        first_household = (
            Household.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        )
    big = n >= 100_000
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
        members.append((home, person_id, row.relationship))
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
_MEMBER_COLUMNS = "(household_id, person_id, relationship)"


class _SqliteWriter:
    def __init__(self) -> None:
        connection.ensure_connection()
        self.cursor = connection.cursor()
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
                          "VALUES (%s, %s, %s)", members)
            c.executemany(f"INSERT INTO {MatchKey._meta.db_table} (key, person_id) "
                          "VALUES (%s, %s)", match_keys)

    def finish(self) -> None:
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
