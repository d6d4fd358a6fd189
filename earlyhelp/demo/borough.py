"""A deterministic synthetic borough: staff, families and two years of front door work."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from base64 import b32encode
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Field, ForeignObjectRel, Max, Model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from earlyhelp.access.models import SECOND_FACTOR_REQUIRED, Role, User
from earlyhelp.audit.actions import record
from earlyhelp.audit.models import Verb
from earlyhelp.council.actions import apply_config
from earlyhelp.council.config import CouncilConfig, current
from earlyhelp.council.models import Agency, Team, Ward
from earlyhelp.council.workdays import add_working_days, due_at, is_working_day
from earlyhelp.demo import strategy
from earlyhelp.demo.casework import NEW_STARTER, SEQUENCED, Casework
from earlyhelp.people import identifiers, matching
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
    MatchDecision,
    NamedPerson,
    NoFurtherActionReason,
    Outcome,
    RequestForSupport,
    RequestNeed,
    Resolution,
)
from earlyhelp.referrals.workflow import Status

LONDON = ZoneInfo("Europe/London")

# Demo only: every demo login shares this password. Never use the demo borough for real data.
DEMO_PASSWORD = "demo-only-fernhill-2026"
DEMO_URL = "http://127.0.0.1:8000/"
BATCH = 2000


@dataclass(frozen=True)
class StaffMember:
    username: str
    first_name: str
    last_name: str
    role: Role
    agency: str  # an agency code, or a kind ("education", "health"...) when prefixed with "kind:"
    team: str = ""
    job_title: str = ""


# The front door and early help service, then the partners who refer and sit on TAFs.
STAFF: list[StaffMember] = [
    StaffMember("priya.shah", "Priya", "Shah", Role.FRONT_DOOR, "kind:early_help", "FD",
                "Front door officer"),
    StaffMember("liam.oconnor", "Liam", "O'Connor", Role.FRONT_DOOR, "kind:early_help", "FD",
                "Front door officer"),
    StaffMember("helen.cartwright", "Helen", "Cartwright", Role.DUTY_MANAGER, "kind:early_help",
                "FD", "Duty manager"),
    StaffMember("marcus.bell", "Marcus", "Bell", Role.DUTY_MANAGER, "kind:early_help", "FD",
                "Duty manager"),
    StaffMember("sophie.turner", "Sophie", "Turner", Role.PRACTITIONER, "kind:early_help", "EHN",
                "Family support practitioner"),
    StaffMember("daniel.okafor", "Daniel", "Okafor", Role.PRACTITIONER, "kind:early_help", "EHN",
                "Family support practitioner"),
    StaffMember("aisha.rahman", "Aisha", "Rahman", Role.PRACTITIONER, "kind:early_help", "EHS",
                "Family support practitioner"),
    StaffMember("tom.fletcher", "Tom", "Fletcher", Role.PRACTITIONER, "kind:early_help", "EHS",
                "Family support practitioner"),
    StaffMember("chloe.evans", "Chloe", "Evans", Role.PRACTITIONER, "kind:early_help", "EHN",
                "Family support practitioner"),
    StaffMember("ben.walker", "Ben", "Walker", Role.PRACTITIONER, "kind:early_help", "EHN",
                "Senior family support practitioner"),
    StaffMember("grace.adeyemi", "Grace", "Adeyemi", Role.PRACTITIONER, "kind:early_help",
                "EHS", "Family support practitioner"),
    StaffMember("sam.doyle", "Sam", "Doyle", Role.PRACTITIONER, "kind:early_help", "EHS",
                "Family support practitioner"),
    StaffMember("ella.murphy", "Ella", "Murphy", Role.PRACTITIONER, "kind:early_help", "YS",
                "Youth support worker"),
    StaffMember("kerry.walsh", "Kerry", "Walsh", Role.PRACTITIONER, "kind:early_help", "YS",
                "Youth support worker"),
    StaffMember("jamal.hussain", "Jamal", "Hussain", Role.PRACTITIONER, "kind:early_help", "YS",
                "Youth support worker"),
    # Started six weeks ago and still shadowing colleagues, so the caseload table shows a
    # worker with no families.
    StaffMember(NEW_STARTER, "Nina", "Brooks", Role.PRACTITIONER, "kind:early_help", "EHS",
                "Family support practitioner"),
    StaffMember("rachel.moore", "Rachel", "Moore", Role.TEAM_MANAGER, "kind:early_help", "EHN",
                "Team manager, Early Help North"),
    StaffMember("gareth.price", "Gareth", "Price", Role.TEAM_MANAGER, "kind:early_help", "EHS",
                "Team manager, Early Help South"),
    StaffMember("nadia.kowalski", "Nadia", "Kowalski", Role.ANALYST, "kind:early_help", "",
                "Performance analyst"),
    StaffMember("catherine.hughes", "Catherine", "Hughes", Role.STRATEGIC_LEAD,
                "kind:early_help", "", "Head of Early Help"),
    StaffMember("owen.davies", "Owen", "Davies", Role.ADMIN, "kind:early_help", "",
                "Systems administrator"),
    StaffMember("margaret.ellis", "Margaret", "Ellis", Role.PANEL_CHAIR, "kind:early_help", "",
                "Chair, Children and Family Panel"),
    StaffMember("sarah.jenkins", "Sarah", "Jenkins", Role.REFERRER, "kind:education", "",
                "Designated safeguarding lead, Abbey Primary School"),
    StaffMember("mark.thompson", "Mark", "Thompson", Role.REFERRER, "kind:education", "",
                "Designated safeguarding lead, Fernhill Academy"),
    StaffMember("emma.clarke", "Emma", "Clarke", Role.REFERRER, "kind:education", "",
                "Designated safeguarding lead, Riverside Primary School"),
    StaffMember("anil.mehta", "Anil", "Mehta", Role.REFERRER, "GP", "",
                "GP, Castle Street Surgery"),
    StaffMember("jo.bradley", "Jo", "Bradley", Role.REFERRER, "HV", "", "Health visitor"),
    StaffMember("ryan.fowler", "Ryan", "Fowler", Role.REFERRER, "kind:police", "",
                "PC, Neighbourhood policing team"),
    StaffMember("bethany.cole", "Bethany", "Cole", Role.REFERRER, "kind:voluntary", "",
                "Family support worker, Fernhill Family Hub"),
    StaffMember("lucy.patel", "Lucy", "Patel", Role.TAF_MEMBER, "HV", "", "School nurse"),
]

SCHOOLS_PRIMARY = [
    "Abbey Primary School", "Brookside Infant and Junior School", "Castle Hill Primary School",
    "Dockside Primary Academy", "Elmfield CofE Primary School", "Foxhill Primary School",
    "Greenacre Primary School", "Harbour Lane Primary School", "Kingsmead Primary School",
    "Riverside Primary School", "St Mary's Catholic Primary School",
]
SCHOOLS_SECONDARY = [
    "Fernhill Academy", "Kingsmead High School", "Harbour School", "St Bede's Catholic College",
    "Riverside Academy",
]
COLLEGE = "Fernhill College"

STREETS = [
    "Church Road", "Station Road", "High Street", "Victoria Road", "Mill Lane", "Park Road",
    "Queen Street", "Manor Way", "The Crescent", "Green Lane", "School Lane", "Kings Road",
    "New Road", "London Road", "Chapel Street", "Albert Road", "Orchard Close", "Wharf Street",
]
STREET_KINDS = ["Road", "Street", "Close", "Avenue", "Lane", "Way", "Drive", "Crescent",
                "Gardens", "Grove", "Court", "Walk"]

# Popular names of the last two decades, for the children.
GIRLS = [
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Sophia", "Grace",
    "Freya", "Poppy", "Evie", "Ella", "Emily", "Chloe", "Ruby", "Jessica", "Millie", "Daisy",
    "Sophie", "Holly", "Lucy", "Megan", "Charlotte", "Erin", "Phoebe", "Scarlett", "Maisie",
    "Willow", "Harper", "Florence", "Eliza", "Layla", "Aisha", "Zara", "Maryam", "Hannah",
    "Katie", "Lacey", "Keira", "Paige", "Niamh", "Summer", "Esme", "Rosie", "Elsie", "Matilda",
]
BOYS = [
    "Oliver", "George", "Noah", "Arthur", "Leo", "Oscar", "Harry", "Jack", "Charlie", "Jacob",
    "Thomas", "Alfie", "Freddie", "Archie", "Theo", "Henry", "Joshua", "William", "James",
    "Riley", "Mason", "Logan", "Tyler", "Kai", "Jayden", "Callum", "Connor", "Ethan", "Dylan",
    "Lewis", "Kieran", "Reece", "Liam", "Muhammad", "Yusuf", "Ibrahim", "Zayn", "Max", "Finley",
    "Samuel", "Daniel", "Jake", "Ryan", "Harrison", "Lucas", "Teddy", "Reggie", "Tommy",
]
# Short forms a referrer may use for a name already on record.
NICKNAMES = {
    "William": "Billy", "Thomas": "Tom", "James": "Jim", "Joshua": "Josh", "Samuel": "Sam",
    "Alexander": "Alex", "Daniel": "Danny", "Charlotte": "Lottie", "Elizabeth": "Beth",
    "Matilda": "Tilly", "Jessica": "Jess", "Isabella": "Bella", "Margaret": "Maggie",
    "Katherine": "Kate", "Rebecca": "Becky", "Victoria": "Vicky", "Jacob": "Jake",
    "Frederick": "Freddie", "Harrison": "Harry", "Florence": "Flo", "Michael": "Mike",
    "Christopher": "Chris", "Jennifer": "Jenny", "Stephanie": "Steph", "Samantha": "Sam",
}

# Ethnicity of a household, roughly as a mixed English borough's families are.
ETHNICITY_MIX: list[tuple[str, float]] = [
    (Ethnicity.WBRI, 68), (Ethnicity.WOTH, 7), (Ethnicity.WIRI, 1), (Ethnicity.WIRT, 0.4),
    (Ethnicity.WROM, 0.6), (Ethnicity.MWBC, 2), (Ethnicity.MWBA, 1), (Ethnicity.MWAS, 1.5),
    (Ethnicity.MOTH, 1.5), (Ethnicity.AIND, 2.5), (Ethnicity.APKN, 3), (Ethnicity.ABAN, 1.5),
    (Ethnicity.AOTH, 1), (Ethnicity.BCRB, 1.5), (Ethnicity.BAFR, 3), (Ethnicity.BOTH, 0.5),
    (Ethnicity.CHNE, 0.5), (Ethnicity.OOTH, 1), (Ethnicity.REFU, 0.5), (Ethnicity.NOBT, 2),
]
LOCALE_FOR = {
    Ethnicity.WOTH: "pl_PL", Ethnicity.AIND: "en_IN", Ethnicity.APKN: "en_IN",
    Ethnicity.ABAN: "en_IN", Ethnicity.BAFR: "yo_NG",
}

# Where requests come from (agency code or kind), and the needs each tends to see.
SOURCES: list[tuple[str, float]] = [
    ("kind:education", 38), ("HV", 11), ("GP", 9), ("kind:police", 16), ("kind:voluntary", 10),
    ("kind:housing", 6), ("kind:social_care", 5), ("kind:early_help", 5),
]
NEEDS_SEEN: dict[str, list[str]] = {
    "education": ["ATT", "ATT", "EXC", "SEN", "BEH", "CMH", "PAR", "NEG"],
    "health": ["EYR", "PMH", "PHY", "PAR", "NEG", "CMH", "SUB", "DA"],
    "police": ["DA", "DA", "ASB", "EXP", "SUB", "CON"],
    "voluntary": ["DEB", "HSG", "WRK", "PAR", "PMH", "CON"],
    "housing": ["HSG", "HSG", "DEB", "ASB", "NEG"],
    "social_care": ["NEG", "DA", "PMH", "PAR", "SUB"],
    "early_help": ["PAR", "CON", "BEH", "ATT"],
}
NEED_COUNT = [(1, 28), (2, 34), (3, 18), (4, 11), (5, 6), (6, 3)]
CONCERN = {
    "ATT": "Attendance has fallen to {pct}% this term and mornings at home are a struggle.",
    "EXC": "There have been {n} fixed-term suspensions this year and a managed move is being "
           "discussed.",
    "SEN": "School thinks there are unmet learning needs; an EHCP request has not yet been made.",
    "EYR": "At the two-year review speech and play were behind what we would expect.",
    "CMH": "The young person is anxious, has stopped seeing friends and is self-isolating.",
    "PMH": "Mum says her low mood has returned since the baby was born and she is not sleeping.",
    "PHY": "A long-term health condition is not well managed and appointments are missed.",
    "SUB": "There are worries about alcohol use in the home, especially at weekends.",
    "PAR": "The parents have asked for help with routines and boundaries.",
    "CON": "The parents argue often in front of the children and have separated twice.",
    "BEH": "Behaviour at home has become hard to manage: doors slammed, siblings hit.",
    "NEG": "The children often arrive hungry and in unwashed clothes.",
    "EXP": "The young person has gone missing overnight twice and has new older friends.",
    "ASB": "The young person has been involved in anti-social behaviour near the shops.",
    "DA": "Police attended a domestic incident at the address; the children were present.",
    "HSG": "The family has been served notice on their private tenancy.",
    "DEB": "The family has rent and energy arrears and has used the food bank.",
    "WRK": "Neither parent is working and they would like help back into work.",
}
TRIED = [
    "Attendance meetings in school and a parenting leaflet.",
    "School pastoral support and a referral to the school nurse.",
    "GP appointment; waiting for talking therapies.",
    "Advice from the housing options team.",
    "Weekly check-ins with the class teacher.",
    "Signposted to the family hub; the family did not attend.",
    "",
]
FAMILY_VIEW = [
    "Mum would like help with routines and getting the children to school.",
    "Dad agrees things are hard at the moment and wants support.",
    "The family would prefer to meet at the family hub rather than at home.",
    "The young person says they want someone to talk to.",
    "Parents are worried but unsure what help is on offer.",
    "",
]
DECISION_REASON = {
    1: "Needs can be met by universal services; signposted with keep-in-touch calls.",
    2: "Emerging needs that a Team Around the Family can address.",
    3: "Several needs across the family; intensive family support is needed.",
    4: "Risk of significant harm: stepped up to children's social care.",
}
OUTCOME_DETAIL = {
    1: ["Signposted to the family hub parenting group; monthly keep-in-touch call for 3 months",
        "Signposted to the school nurse drop-in and the Fernhill food bank",
        "Signposted to the community mental health wellbeing service"],
    2: ["Team Around the Family led by the school", "Listed for the Children and Family Panel",
        "Team Around the Family led by the health visitor", "Youth offending prevention service"],
    3: ["Intensive family support: early help practitioner as lead professional"],
    4: ["Referred to the MASH"],
}
RAISED = [
    "The younger children's needs are greater than the coded needs show.",
    "Third request this year: the pattern calls for more than the suggestion.",
    "The parent's own mental health makes the situation more complex.",
]
LOWERED = [
    "The school already has a plan in place; lighter support is enough for now.",
    "The family's circumstances have improved since the request was made.",
    "Needs overlap: one piece of work addresses them all.",
]
STEP_UP = "On reading the detail the duty manager judged there is likely significant harm."
NFA_WHY = [
    (NoFurtherActionReason.INSUFFICIENT_INFORMATION, 35,
     "The request does not say enough to decide; the referrer was asked to resubmit."),
    (NoFurtherActionReason.ALREADY_OPEN, 25, "The family is already open to a service."),
    (NoFurtherActionReason.NEEDS_MET, 25, "Needs are already being met by the school."),
    (NoFurtherActionReason.MOVED_AWAY, 5, "The family has moved out of the borough."),
    (NoFurtherActionReason.OTHER, 10, "The referrer withdrew the request after speaking to us."),
]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# How far back the requests go: the two years a committee compares, and half a year before.
HISTORY_MONTHS = 30
# Demand grows year on year, as the services' reports find: the oldest day's weight to today's.
OLDEST_DEMAND = 0.8
# Fewer requests come while schools are out: August, and the Christmas fortnight.
AUGUST_DEMAND = 0.72
CHRISTMAS_DEMAND = 0.4
# In August the schools refer far less than the rest of the year.
AUGUST_SCHOOLS = 0.35


@dataclass
class Login:
    username: str
    name: str
    role: str
    totp_secret: str = ""  # base32, for roles that need a second factor
    otpauth_uri: str = ""


@dataclass
class Built:
    counts: dict[str, int]
    logins: list[Login]  # one for each role
    users: list[Login] = field(default_factory=list)  # every demo user


def demo_totp_key(username: str) -> str:
    """The known, demo-only TOTP key (hex) for a user: the same every build."""
    return hashlib.sha1(f"earlyhelp demo second factor {username}".encode()).hexdigest()


def already_built() -> bool:
    return User.objects.filter(username__in=[s.username for s in STAFF]).exists()


def _next_id(model: type[Model]) -> int:
    return (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1


def _pick(rng: random.Random, weighted: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


@dataclass
class _Family:
    household: Household
    adults: list[tuple[Person, str]]
    children: list[tuple[Person, str]]
    ward_index: int
    requests: list[RequestForSupport] = field(default_factory=list)

    @property
    def members(self) -> list[tuple[Person, str]]:
        return self.children + self.adults


class _Borough:
    def __init__(self, config: CouncilConfig, seed: int, now: dt.datetime):
        self.config = config
        self.seed = seed
        self.rng = random.Random(seed)
        self.now = now
        self.today = timezone.localdate(now)
        self.fakers: dict[str, Faker] = {}
        for index, locale in enumerate(["en_GB", *dict.fromkeys(LOCALE_FOR.values())]):
            fake = Faker(locale)
            fake.seed_instance(seed + index)
            self.fakers[locale] = fake
        self.gb = self.fakers["en_GB"]
        self.wards = list(Ward.objects.filter(code__in=[w.code for w in config.wards]))
        self.wards.sort(key=lambda w: [c.code for c in config.wards].index(w.code))
        self.need_codes = [n.code for n in config.needs]
        self.need_labels = {n.code: n.label for n in config.needs}
        self.nhs_used: set[str] = set()
        self.upn_used: set[str] = set()
        self.household_id = _next_id(Household)
        self.person_id = _next_id(Person)
        self.request_id = _next_id(RequestForSupport)
        self.named_id = _next_id(NamedPerson)
        self.people: list[Person] = []
        self.memberships: list[Membership] = []
        self.requests: list[RequestForSupport] = []
        self.request_needs: list[RequestNeed] = []
        self.named: list[NamedPerson] = []
        self.match_decisions: list[MatchDecision] = []
        self.postcodes = self._postcodes()
        agencies = list(Agency.objects.all())
        self.by_code = {a.code: a for a in agencies}
        self.by_kind: dict[str, Agency] = {}
        for agency in agencies:
            self.by_kind.setdefault(agency.kind, agency)
        self.fallback_agency = agencies[0]
        self.needs_of: dict[int, list[str]] = {}

    # Places and identifiers.
    def _postcodes(self) -> list[list[str]]:
        area = "".join(ch for ch in self.config.council.short_name.upper() if ch.isalpha())[:2]
        if not identifiers.postcode_is_valid(f"{area}1 1AB"):
            area = "FH"
        pools = []
        for index in range(len(self.wards)):
            pool = []
            for _ in range(40):
                letters = "".join(self.rng.choice(POSTCODE_LETTERS) for _ in range(2))
                pool.append(f"{area}{index + 1} {self.rng.randint(1, 9)}{letters}")
            pools.append(pool)
        return pools

    def nhs_number(self) -> str:
        # 999 numbers are the NHS's own range for test data: never a real patient's.
        while True:
            first_nine = f"999{self.rng.randint(0, 999_999):06d}"
            check = identifiers.nhs_check_digit(first_nine)
            number = f"{first_nine}{check}"
            if check is not None and number not in self.nhs_used:
                self.nhs_used.add(number)
                return number

    def upn(self, school: str, born: dt.date) -> str:
        schools = SCHOOLS_PRIMARY + SCHOOLS_SECONDARY + [COLLEGE]
        school_number = 2000 + schools.index(school) if school in schools else 2999
        while True:
            started = (born.year + 5) % 100
            rest = f"876{school_number:04d}{started:02d}{self.rng.randint(0, 999):03d}"
            upn = identifiers.upn_check_letter(rest) + rest
            if upn not in self.upn_used:
                self.upn_used.add(upn)
                return upn

    def born(self, age: int) -> dt.date:
        return self.today - dt.timedelta(days=age * 365 + self.rng.randint(0, 364))

    def _street(self) -> str:
        if self.rng.random() < 0.3:
            return self.rng.choice(STREETS)
        return f"{self.gb.last_name()} {self.rng.choice(STREET_KINDS)}"

    def _school(self, age: int, ward_index: int) -> str:
        if 4 <= age <= 10:
            near = SCHOOLS_PRIMARY[ward_index % len(SCHOOLS_PRIMARY)]
            return near if self.rng.random() < 0.6 else self.rng.choice(SCHOOLS_PRIMARY)
        if 11 <= age <= 15:
            return self.rng.choice(SCHOOLS_SECONDARY)
        if age in (16, 17):
            return COLLEGE if self.rng.random() < 0.6 else ""
        return ""

    # People and households.
    def _person(self, **fields: Any) -> Person:
        person = Person(id=self.person_id, **fields)
        self.person_id += 1
        return person

    def family(self, ward_index: int | None = None, keep: bool = True) -> _Family:
        rng = self.rng
        if ward_index is None:
            # The strategies' target wards (the last few) have more families on record.
            ward_index = rng.choices(range(len(self.wards)),
                                     weights=[1 + (i % 4 == 3) for i in range(len(self.wards))])[0]
        ward = self.wards[ward_index]
        ethnicity = _pick(rng, ETHNICITY_MIX)
        fake = self.fakers.get(LOCALE_FOR.get(ethnicity, "en_GB"), self.gb)
        surname = fake.last_name()
        postcode = rng.choice(self.postcodes[ward_index])
        address = f"{rng.randint(1, 160)} {self._street()}, {ward.name}"
        household = Household(id=self.household_id, address=address, postcode=postcode, ward=ward)
        if keep:
            self.household_id += 1
        place = {"address": address, "postcode": postcode, "ward": ward}

        def eth() -> str:
            return ethnicity if rng.random() > 0.03 else Ethnicity.NOBT

        adults: list[tuple[Person, str]] = []
        mother_age = rng.randint(19, 50)
        lone_father = rng.random() < 0.06
        if lone_father:
            first = self._person(given_name=fake.first_name_male(), family_name=surname,
                                 date_of_birth=self.born(mother_age + 2), gender=Gender.MALE,
                                 ethnicity=eth(), **place)
        else:
            other_names = []
            partnered = rng.random() < 0.58
            if partnered and rng.random() < 0.35:
                other_names = [{"given": "", "family": fake.last_name(), "kind": "previous"}]
            first = self._person(given_name=fake.first_name_female(), family_name=surname,
                                 date_of_birth=self.born(mother_age), gender=Gender.FEMALE,
                                 ethnicity=eth(), other_names=other_names, **place)
            if partnered:
                kind = _pick(rng, [(Relationship.PARENT, 70), (Relationship.STEP_PARENT, 15),
                                   (Relationship.PARTNER, 15)])
                partner_surname = surname if kind == Relationship.PARENT else fake.last_name()
                second = self._person(
                    given_name=fake.first_name_male(), family_name=partner_surname,
                    date_of_birth=self.born(mother_age + rng.randint(-3, 8)),
                    gender=Gender.MALE, ethnicity=eth(), **place,
                )
                adults.append((second, kind))
        adults.insert(0, (first, Relationship.PARENT))
        if rng.random() < 0.4:
            first.nhs_number = self.nhs_number()
        for adult, _ in adults[1:]:
            if rng.random() < 0.3:
                adult.nhs_number = self.nhs_number()

        born_children: list[tuple[dt.date, Person]] = []
        count = _pick(rng, [(1, 34), (2, 34), (3, 19), (4, 9), (5, 4)])
        oldest = max(0, min(17, mother_age - 17))
        for _ in range(count):
            age = rng.randint(0, oldest)
            gender = _pick(rng, [(Gender.MALE, 49), (Gender.FEMALE, 49), (Gender.NOT_STATED, 1.5),
                                 (Gender.NEITHER, 0.5)])
            names = GIRLS if gender == Gender.FEMALE else BOYS if gender == Gender.MALE else (
                GIRLS + BOYS)
            born = self.born(age)
            child = self._person(given_name=rng.choice(names), family_name=surname,
                                 date_of_birth=born, gender=gender, ethnicity=eth(), **place)
            child.school = self._school(age, ward_index)
            if rng.random() < 0.65:
                child.nhs_number = self.nhs_number()
            if child.school and rng.random() < 0.7:
                child.upn = self.upn(child.school, born)
            born_children.append((born, child))
        born_children.sort(key=lambda pair: pair[0])
        children: list[tuple[Person, str]] = [
            (child, Relationship.CHILD) for _, child in born_children
        ]
        if adults[0][0].gender == Gender.FEMALE and mother_age < 42 and rng.random() < 0.03:
            unborn = self._person(
                given_name="", family_name=surname, gender=Gender.NOT_STATED,
                expected_due_date=self.today + dt.timedelta(days=rng.randint(20, 180)),
                ethnicity=ethnicity, **place,
            )
            children.append((unborn, Relationship.UNBORN))
        made = _Family(household, adults, children, ward_index)
        if keep:
            for person, relationship in made.members:
                self.people.append(person)
                self.memberships.append(Membership(
                    household=household, person=person, relationship=relationship,
                    since=person.date_of_birth or self.today - dt.timedelta(days=30)
                    if relationship in (Relationship.CHILD, Relationship.UNBORN) else None,
                    date_of_birth=person.date_of_birth,
                    expected_due_date=person.expected_due_date,
                ))
        return made

    # Requests.
    def request_day(self, first: dt.date, last: dt.date) -> dt.date:
        """A day between the two, as demand runs: growing year on year, lower in August and
        over Christmas."""
        span = max(1, (last - first).days)
        while True:
            day = first + dt.timedelta(days=self.rng.randint(0, span))
            weight = OLDEST_DEMAND + (1 - OLDEST_DEMAND) * (day - first).days / span
            if day.month == 8:
                weight *= AUGUST_DEMAND
            elif (day.month, day.day) >= (12, 21) or (day.month, day.day) == (1, 1):
                weight *= CHRISTMAS_DEMAND
            if self.rng.random() < weight:
                return day

    def outbox_outages(self, first: dt.date, last: dt.date) -> None:
        """Acknowledgements are emailed within seconds, except while the outbox was down: once
        over a bank holiday weekend (sent on the Tuesday morning, still within a working day),
        and for two days in each of the last two years (a day's requests acknowledged late)."""
        windows: list[tuple[dt.datetime, dt.datetime]] = []
        friday = last
        while friday >= first and not (friday.weekday() == 4 and not is_working_day(
                friday + dt.timedelta(days=3))):
            friday -= dt.timedelta(days=1)
        if friday >= first:
            windows.append((dt.datetime.combine(friday, dt.time(15, 0), tzinfo=LONDON),
                            dt.datetime.combine(friday + dt.timedelta(days=4), dt.time(8, 45),
                                                tzinfo=LONDON)))
        this_month = self.today.replace(day=1)
        by_time = sorted((r for r in self.requests if not r.significant_harm),
                         key=lambda r: r.received_at)
        for back in (16, 4):
            # From the first working day with a request on or after the tenth of the month,
            # so a borough of any size has a request caught by it.
            after = this_month - relativedelta(months=back) + dt.timedelta(days=9)
            caught = next((r for r in by_time if timezone.localdate(r.received_at) >= after
                           and is_working_day(timezone.localdate(r.received_at))), None)
            if caught is None:
                continue
            day = timezone.localdate(caught.received_at)
            windows.append((dt.datetime.combine(day, dt.time(0, 0), tzinfo=LONDON),
                            dt.datetime.combine(add_working_days(day, 2), dt.time(10, 15),
                                                tzinfo=LONDON)))
        for down, restored in windows:
            for request in by_time:
                sent = restored + dt.timedelta(seconds=self.rng.randint(5, 300))
                if down <= request.received_at < restored:
                    request.acknowledged_at = sent
                if request.notified_at is not None and down <= request.notified_at < restored:
                    request.notified_at = sent

    def received(self, day: dt.date, channel: str) -> dt.datetime:
        if not is_working_day(day) and channel != Channel.API and self.rng.random() < 0.8:
            day = add_working_days(day, 0)
        minutes = self.rng.randint(8 * 60, 18 * 60 - 1)
        if channel == Channel.API:
            minutes = self.rng.randint(0, 24 * 60 - 1)
        return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=LONDON)

    def _agency(self, source: str) -> Agency:
        if source.startswith("kind:"):
            return self.by_kind.get(source[5:]) or self.fallback_agency
        return self.by_code.get(source) or self.fallback_agency

    def request(self, family: _Family, received: dt.datetime, *, channel: str,
                source: str, staff: dict[str, list[User]], front_door: list[User],
                harm: bool) -> RequestForSupport:
        rng = self.rng
        agency = self._agency(source)
        partners = [u for u in staff.get(agency.code, []) if u.role == Role.REFERRER]
        if channel != Channel.PHONE and partners:
            submitter = rng.choice(partners)
            referrer_name = submitter.get_full_name()
            referrer_role = submitter.job_title
            email = submitter.email
        else:
            channel = Channel.PHONE
            submitter = rng.choice(front_door)
            referrer_name = f"{self.gb.first_name()} {self.gb.last_name()}"
            referrer_role = agency.name
            local = "".join(ch for ch in referrer_name.lower().replace(" ", ".")
                            if ch.isalpha() or ch == ".")
            email = f"{local}@{agency.code.lower()}.example.org"
        seen = [c for c in NEEDS_SEEN.get(agency.kind, []) if c in self.need_codes]
        wanted = _pick(rng, NEED_COUNT)
        needs: list[str] = []
        while len(needs) < min(wanted, len(self.need_codes)):
            code = rng.choice(seen) if seen and rng.random() < 0.65 else rng.choice(self.need_codes)
            if code not in needs:
                needs.append(code)
        significant_harm = harm
        consent = significant_harm or rng.random() < 0.96
        mother = family.adults[0][0]
        timescales = self.config.timescales
        concerns = " ".join(
            CONCERN.get(code, f"{self.need_labels[code]}.").format(
                pct=rng.randint(62, 88), n=rng.randint(2, 5))
            for code in needs
        )
        request = RequestForSupport(
            id=self.request_id, reference=f"RFS-{self.request_id:07d}",
            status=Status.RECEIVED, channel=channel, received_at=received,
            acknowledgement_due_at=due_at(received, timescales.acknowledgement_working_days),
            decision_due_at=due_at(received, timescales.decision_working_days),
            acknowledged_at=received + dt.timedelta(seconds=rng.randint(2, 40)),
            submitted_by=submitter, referrer_name=referrer_name, referrer_role=referrer_role,
            referrer_agency=agency, referrer_email=email,
            referrer_phone=f"01632 96{rng.randint(0, 9999):04d}",
            address=family.household.address, postcode=family.household.postcode,
            ward=family.household.ward, concerns=concerns,
            tried_already=rng.choice(TRIED), family_view=rng.choice(FAMILY_VIEW) if consent else "",
            significant_harm=significant_harm,
            consent_to_request=consent, consent_to_share=consent and rng.random() < 0.97,
            consent_given_by=f"{mother} (parent)" if consent else "",
            consent_given_on=timezone.localdate(received) - dt.timedelta(days=rng.randint(0, 6))
            if consent else None,
            suggested_level=self.config.suggested_level(needs, significant_harm),
        )
        self.request_id += 1
        self.requests.append(request)
        self.request_needs.extend(
            RequestNeed(request=request, code=code, received_at=received) for code in needs)
        self.needs_of[request.id] = needs
        family.requests.append(request)
        return request

    def name_people(self, request: RequestForSupport, family: _Family, *, resolution: str,
                    matched_by: User | None, noisy: bool = False) -> None:
        rng = self.rng
        members = list(family.children)
        # Referrers name the main carer nearly always, the other adult about half the time.
        members.append(family.adults[0])
        members.extend(a for a in family.adults[1:] if rng.random() < 0.5)
        for person, relationship in members:
            named = NamedPerson(
                id=self.named_id, request=request, relationship=relationship,
                given_name=person.given_name, family_name=person.family_name,
                date_of_birth=person.date_of_birth, expected_due_date=person.expected_due_date,
                gender=person.gender, ethnicity=person.ethnicity,
                nhs_number=person.nhs_number if rng.random() < 0.7 else "",
                upn=person.upn if rng.random() < 0.5 else "", school=person.school,
                resolution=resolution,
                person=person if resolution != Resolution.PENDING else None,
            )
            self.named_id += 1
            if noisy and rng.random() < 0.5:
                self._blur(named, person)
            self.named.append(named)
            if resolution == Resolution.LINKED and matched_by is not None:
                self.match_decisions.append(MatchDecision(
                    named_person=named, candidate=person, score=round(rng.uniform(0.82, 1.0), 3),
                    confirmed=True, decided_by=matched_by,
                    decided_at=request.received_at + dt.timedelta(minutes=rng.randint(10, 240)),
                ))

    def _blur(self, named: NamedPerson, person: Person) -> None:
        """How referrers really write names: short forms, typos, swapped dates, old surnames."""
        rng = self.rng
        kind = rng.choice(["nickname", "typo", "swapped", "surname", "no_ids", "no_dob"])
        named.nhs_number = ""
        named.upn = ""
        if kind == "nickname" and person.given_name in NICKNAMES:
            named.given_name = NICKNAMES[person.given_name]
        elif kind in ("typo", "nickname") and len(person.given_name) > 3:
            name = person.given_name
            at = rng.randint(1, len(name) - 2)
            named.given_name = name[:at] + name[at + 1] + name[at] + name[at + 2:]
        elif kind == "swapped" and person.date_of_birth and person.date_of_birth.day <= 12:
            born = person.date_of_birth
            named.date_of_birth = born.replace(month=born.day, day=born.month)
        elif kind == "surname" and person.other_names:
            named.family_name = person.other_names[0]["family"]
        elif kind == "no_dob" and named.relationship not in (Relationship.CHILD,
                                                             Relationship.UNBORN):
            named.date_of_birth = None
        else:
            family = person.family_name
            named.family_name = family[:-1] + ("e" if family[-1] != "e" else "") if len(
                family) > 4 else family

    def decide(self, request: RequestForSupport, managers: list[User]) -> None:
        """The duty manager's decision, mostly within the timescale."""
        rng = self.rng
        request.decided_by = rng.choice(managers)
        if request.significant_harm:
            request.status = Status.ROUTED_TO_SOCIAL_CARE
            request.level, request.outcome = 4, Outcome.SOCIAL_CARE
            request.decision_reason = "The referrer reported a concern of significant harm."
            request.decided_at = request.notified_at = request.acknowledged_at = (
                request.received_at + dt.timedelta(seconds=rng.randint(2, 40)))
            request.decided_by = None
            return
        received_day = timezone.localdate(request.received_at)
        due_day = timezone.localdate(request.decision_due_at)
        if rng.random() < 0.9:
            span = (due_day - received_day).days
            day = received_day + dt.timedelta(days=rng.randint(0, max(span, 0)))
            while not is_working_day(day) and day < due_day:
                day += dt.timedelta(days=1)
        else:
            day = add_working_days(due_day, rng.randint(1, 4))
        decided = dt.datetime.combine(day, dt.time(rng.randint(9, 17), rng.randint(0, 59)),
                                      tzinfo=LONDON)
        if decided <= request.received_at:
            decided = request.received_at + dt.timedelta(minutes=rng.randint(30, 180))
        request.decided_at = request.notified_at = decided
        if not request.consent_to_request or rng.random() < 0.1:
            request.status = Status.NO_FURTHER_ACTION
            if not request.consent_to_request:
                code, reason = (NoFurtherActionReason.CONSENT_NOT_GIVEN,
                                "The family did not consent to the request.")
            else:
                code, _, reason = NFA_WHY[rng.choices(
                    range(len(NFA_WHY)), weights=[w for _, w, _ in NFA_WHY])[0]]
            request.no_further_action_reason = code
            request.decision_reason = reason
            return
        request.status = Status.DECIDED
        suggested = request.suggested_level
        level = suggested
        roll = rng.random()
        if roll < 0.025:
            level = 4
            request.level_differs_reason = STEP_UP
        elif suggested == 2 and len(self.needs_of[request.id]) == 1 and roll < 0.4:
            # One presenting issue is often met by universal services with a signpost.
            level = 1
            request.level_differs_reason = rng.choice(LOWERED)
        elif roll < 0.14:
            level = min(3, max(1, suggested + rng.choice([-1, 1])))
            if level != suggested:
                request.level_differs_reason = rng.choice(RAISED if level > suggested
                                                          else LOWERED)
        outcome = {1: 1, 2: 2, 3: 3, 4: 4}[level]
        if level == 2 and rng.random() < 0.1:
            outcome = 1
        elif level == 3 and rng.random() < 0.15:
            outcome = 2
        request.level, request.outcome = level, outcome
        request.outcome_detail = rng.choice(OUTCOME_DETAIL[outcome])
        request.decision_reason = DECISION_REASON[level]


def _staff(password_hash: str, now: dt.datetime) -> tuple[list[User], list[Login], list[Login]]:
    agencies = list(Agency.objects.all())
    by_code = {a.code: a for a in agencies}
    by_kind: dict[str, Agency] = {}
    for agency in agencies:
        by_kind.setdefault(agency.kind, agency)
    teams = {t.code: t for t in Team.objects.all()}
    users = []
    for member in STAFF:
        agency = (by_kind.get(member.agency[5:]) if member.agency.startswith("kind:")
                  else by_code.get(member.agency)) or agencies[0]
        users.append(User(
            username=member.username, password=password_hash, role=member.role,
            first_name=member.first_name, last_name=member.last_name,
            email=f"{member.username}@{agency.code.lower()}.example.org",
            agency=agency, team=teams.get(member.team), job_title=member.job_title,
            date_joined=now - dt.timedelta(days=45 if member.username == NEW_STARTER else 1200),
        ))
    User.objects.bulk_create(users)
    users = list(User.objects.filter(username__in=[s.username for s in STAFF]))
    users.sort(key=lambda u: [s.username for s in STAFF].index(u.username))
    logins: list[Login] = []
    everyone: list[Login] = []
    shown: set[str] = set()
    for user in users:
        login = Login(username=user.username, name=user.get_full_name(),
                      role=Role(user.role).label)
        if user.role in SECOND_FACTOR_REQUIRED:
            device = TOTPDevice.objects.create(user=user, name="Demo authenticator",
                                               key=demo_totp_key(user.username), confirmed=True)
            login.totp_secret = b32encode(device.bin_key).decode()
            login.otpauth_uri = device.config_url
        everyone.append(login)
        if user.role not in shown:
            shown.add(user.role)
            logins.append(login)
    return users, logins, everyone


def _insert(model: type[Model], rows: list[Any]) -> None:
    for start in range(0, len(rows), BATCH):
        model._default_manager.bulk_create(rows[start:start + BATCH])


def _column(field: Field | ForeignObjectRel) -> str:
    # Only concrete fields are inserted; a reverse relation has no column.
    assert isinstance(field, Field) and field.column is not None
    return field.column


def _insert_rows(model: type[Model], fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Plain multi-row inserts for the narrow, numerous tables: far quicker than model objects."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(meta.get_field(name))) for name in fields)
    sql = (f"INSERT INTO {quote(meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start:start + BATCH])


def build(families: int = 3000, seed: int = 2026, now: dt.datetime | None = None) -> Built:
    """Build the borough into the current database, in one transaction."""
    config = current()
    now = now or timezone.now()
    with transaction.atomic():
        apply_config(config)
        users, logins, everyone = _staff(make_password(DEMO_PASSWORD), now)
        borough = _Borough(config, seed, now)
        counts = _populate(borough, users, families)
        counts |= strategy.build(users, seed=seed, now=now)
        _gather_statistics()
    return Built(counts=counts, logins=logins, users=everyone)


def _gather_statistics() -> None:
    """Tell PostgreSQL's planner what was just loaded. Until autovacuum gets round to it, it
    plans as if the tables were empty, and the pages' joins across a borough's families can
    then take minutes; inside the loading transaction (as the tests build a borough) autovacuum
    never sees the rows at all, but ANALYZE in the same transaction does."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _populate(borough: _Borough, users: list[User], size: int) -> dict[str, int]:
    rng = borough.rng
    staff: dict[str, list[User]] = {}
    for user in users:
        staff.setdefault(user.agency.code if user.agency else "", []).append(user)
    front_door = [u for u in users if u.role == Role.FRONT_DOOR]
    managers = [u for u in users if u.role == Role.DUTY_MANAGER]
    sources = SOURCES
    august = [(source, weight * (AUGUST_SCHOOLS if source == "kind:education" else 1))
              for source, weight in SOURCES]

    families = [borough.family() for _ in range(size)]

    # Two years of requests and the months before them (so the earlier year's re-referrals and
    # closures have a past), all decided, ending a week before today.
    history_end = borough.today - dt.timedelta(days=7)
    history_start = borough.today.replace(day=1) - relativedelta(months=HISTORY_MONTHS)
    made = 0
    for family in families:
        count = _pick(rng, [(0, 3), (1, 72), (2, 18), (3, 5), (4, 1), (5, 1)])
        days = sorted(borough.request_day(history_start, history_end) for _ in range(count))
        for day in days:
            channel = _pick(rng, [(Channel.WEB, 62), (Channel.PHONE, 26), (Channel.API, 12)])
            # A few requests report significant harm; the third one always does, so even a
            # small borough shows a request routed to social care.
            made += 1
            request = borough.request(family, borough.received(day, channel), channel=channel,
                                      source=_pick(rng, august if day.month == 8 else sources),
                                      staff=staff,
                                      front_door=front_door,
                                      harm=made == 3 or rng.random() < 0.006)
            first = len(family.requests) == 1
            borough.name_people(request, family,
                                resolution=Resolution.NEW if first else Resolution.LINKED,
                                matched_by=rng.choice(front_door))
            request.household = family.household
            borough.decide(request, managers)

    borough.outbox_outages(history_start, history_end)

    # The live duty queue: requests of the last few working days still awaiting decision.
    with_history = [f for f in families if f.requests]
    queue_size = min(rng.randint(20, 40), max(6, size // 2))
    queue: list[RequestForSupport] = []
    for index in range(queue_size):
        back = rng.choice([0, 0, 0, 1, 1, 2]) if index % 4 else rng.randint(3, 5)
        day = borough.today
        while back > 0 or not is_working_day(day):
            day -= dt.timedelta(days=1)
            back -= is_working_day(day)
        received = borough.received(day, Channel.WEB)
        if received >= borough.now:
            received = borough.now - dt.timedelta(minutes=rng.randint(5, 90))
        kind = rng.choice(["matched", "noisy", "noisy", "new"])
        if kind != "new" and with_history:
            family = rng.choice(with_history)
        else:
            family = borough.family(keep=False)
            kind = "new"
        channel = _pick(rng, [(Channel.WEB, 70), (Channel.PHONE, 20), (Channel.API, 10)])
        request = borough.request(family, received, channel=channel, source=_pick(rng, sources),
                                  staff=staff, front_door=front_door, harm=False)
        if kind == "matched":
            borough.name_people(request, family, resolution=Resolution.LINKED,
                                matched_by=rng.choice(front_door))
            request.household = family.household
        else:
            borough.name_people(request, family, resolution=Resolution.PENDING, matched_by=None,
                                noisy=kind == "noisy")
        queue.append(request)
        family.requests.remove(request)

    # Casework: an episode for each TAF or intensive support decision, with its history.
    work = Casework(borough.config, borough.seed, borough.now, users, borough.needs_of)
    work.plan(families, queue)
    allocated = [f for f in families if f.household.team is not None]
    restricted = rng.choice(allocated or families).household
    restricted.restricted = True

    _insert(Household, [f.household for f in families])
    _insert(Person, borough.people)
    _insert(Membership, borough.memberships)
    _insert_rows(MatchKey, ["key", "person"], [
        (key, person.id) for person in borough.people
        for key in sorted(matching.keys(matching.record_of(person)))])
    _insert(RequestForSupport, borough.requests)
    _insert(RequestNeed, borough.request_needs)
    _insert(NamedPerson, borough.named)
    _insert(MatchDecision, borough.match_decisions)
    restricted.restricted_to.add(*[u for u in [
        restricted.lead_worker, managers[0],
        next((u for u in users if u.role == Role.TEAM_MANAGER and u.team_id == restricted.team_id),
             None)] if u is not None])
    signposted = [r for r in borough.requests
                  if r.status == Status.DECIDED and r.outcome == Outcome.ALTERNATIVE_HELP
                  and r.household_id is not None]
    casework_counts = work.build(signposted)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
                no_style(), [Household, Person, RequestForSupport, NamedPerson, *SEQUENCED]):
            cursor.execute(sql)

    statuses = Counter(r.status for r in borough.requests)
    counts = {
        "users": len(users),
        "households": len(families),
        "people": len(borough.people),
        "requests": len(borough.requests),
        "awaiting_decision": statuses[Status.RECEIVED],
        "overdue": sum(1 for r in queue if r.decision_due_at < borough.now),
        "decided": statuses[Status.DECIDED],
        "no_further_action": statuses[Status.NO_FURTHER_ACTION],
        "routed_to_social_care": statuses[Status.ROUTED_TO_SOCIAL_CARE],
        "people_to_match": sum(1 for n in borough.named if n.resolution == Resolution.PENDING),
        "allocated_households": len(allocated),
        **casework_counts,
    }
    record(None, Verb.CREATE, detail={"demo": counts})
    return counts
