"""People and households, with the codes Ofsted's Annex A uses for gender and ethnicity."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from earlyhelp.people import identifiers


class Gender(models.TextChoices):
    # Annex A, list 2: the letter prefix is part of the code Ofsted expects.
    MALE = "a", "a) Male"
    FEMALE = "b", "b) Female"
    NOT_STATED = "c", "c) Not stated/recorded"
    NEITHER = "d", "d) Neither"


class Ethnicity(models.TextChoices):
    # DfE main ethnicity codes as Annex A lists them, in the DfE's order.
    WBRI = "WBRI", "a) WBRI White British"
    WIRI = "WIRI", "b) WIRI White Irish"
    WIRT = "WIRT", "c) WIRT Traveller of Irish heritage"
    WOTH = "WOTH", "d) WOTH Any other White background"
    WROM = "WROM", "e) WROM Gypsy/Roma"
    MWBC = "MWBC", "f) MWBC White and Black Caribbean"
    MWBA = "MWBA", "g) MWBA White and Black African"
    MWAS = "MWAS", "h) MWAS White and Asian"
    MOTH = "MOTH", "i) MOTH Any other mixed background"
    AIND = "AIND", "j) AIND Indian"
    APKN = "APKN", "k) APKN Pakistani"
    ABAN = "ABAN", "l) ABAN Bangladeshi"
    AOTH = "AOTH", "m) AOTH Any other Asian background"
    BCRB = "BCRB", "n) BCRB Caribbean"
    BAFR = "BAFR", "o) BAFR African"
    BOTH = "BOTH", "p) BOTH Any other Black background"
    CHNE = "CHNE", "q) CHNE Chinese"
    OOTH = "OOTH", "r) OOTH Any other ethnic group"
    REFU = "REFU", "s) REFU Refused"
    NOBT = "NOBT", "t) NOBT Information not yet obtained"


def validate_nhs_number(value: str) -> None:
    if value and not identifiers.nhs_number_is_valid(value):
        raise ValidationError("Enter a valid NHS number: 10 digits whose last is a check digit")


def validate_upn(value: str) -> None:
    if value and not identifiers.upn_is_valid(value):
        raise ValidationError(
            "Enter a valid Unique Pupil Number: 13 characters starting with its check letter"
        )


def validate_postcode(value: str) -> None:
    if value and not identifiers.postcode_is_valid(value):
        raise ValidationError("Enter a real UK postcode, like AA1 1AA")


class Household(models.Model):
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True, validators=[validate_postcode])
    ward = models.ForeignKey("council.Ward", null=True, blank=True, on_delete=models.PROTECT)
    # The lead professional and team once help begins; relationships give access.
    team = models.ForeignKey(
        "council.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="households"
    )
    lead_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="allocated_households",
    )
    # A restricted household (a staff member's own family, say) is seen only by named users.
    restricted = models.BooleanField(default=False)
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_households"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Household {self.pk}"


class Person(models.Model):
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100)
    # Previous names and aliases: [{"given": "...", "family": "...", "kind": "previous"|"alias"}]
    other_names = models.JSONField(default=list, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_due_date = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=1, choices=Gender.choices, default=Gender.NOT_STATED)
    ethnicity = models.CharField(
        max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT
    )
    nhs_number = models.CharField(
        max_length=10, blank=True, db_index=True, validators=[validate_nhs_number]
    )
    upn = models.CharField(max_length=13, blank=True, db_index=True, validators=[validate_upn])
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True, validators=[validate_postcode])
    ward = models.ForeignKey("council.Ward", null=True, blank=True, on_delete=models.PROTECT)
    school = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_of_birth__isnull=True)
                | models.Q(expected_due_date__isnull=True),
                name="person_born_or_expected",
            )
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        adding = self._state.adding
        super().save(*args, **kwargs)
        saved = kwargs.get("update_fields")
        if not adding and (saved is None or set(saved) & {"date_of_birth", "expected_due_date"}):
            # Each household membership keeps a copy (Membership.date_of_birth).
            self.memberships.update(date_of_birth=self.date_of_birth,
                                    expected_due_date=self.expected_due_date)

    @property
    def unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_due_date is not None

    def clean_fields(self, exclude: Any = None) -> None:
        # Normalise first: "943 476 5919" is a valid NHS number, but too long as typed.
        self.nhs_number = identifiers.normalise_nhs_number(self.nhs_number)
        self.upn = identifiers.normalise_upn(self.upn)
        self.postcode = identifiers.normalise_postcode(self.postcode)
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        if self.date_of_birth and self.expected_due_date:
            raise ValidationError(
                {"expected_due_date": "Give a date of birth or an expected due date, not both"}
            )


class Relationship(models.TextChoices):
    CHILD = "child", "Child"
    UNBORN = "unborn", "Unborn child"
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    CARER = "carer", "Carer or guardian"
    GRANDPARENT = "grandparent", "Grandparent"
    SIBLING_ADULT = "adult_sibling", "Adult sibling"
    PARTNER = "partner", "Parent's partner"
    OTHER = "other", "Other adult in the home"


CHILD_RELATIONSHIPS = {Relationship.CHILD, Relationship.UNBORN}


class Membership(models.Model):
    """A person's place in a household: how they are related, and since when."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    since = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    # The person's, copied here whenever either is saved (Person.save, Membership.save), so the
    # dashboard tells the children of open families from their memberships alone.
    date_of_birth = models.DateField(null=True, blank=True, editable=False)
    expected_due_date = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["household", "person"], name="one_membership_each")
        ]
        # The dashboard: the children in open families at a date, from the index alone.
        indexes = [models.Index(fields=["household", "since", "until", "relationship", "person",
                                        "date_of_birth", "expected_due_date"],
                                name="membership_on_a_day")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relationship_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.date_of_birth = self.person.date_of_birth
        self.expected_due_date = self.person.expected_due_date
        super().save(*args, **kwargs)


class MatchKey(models.Model):
    """Blocking keys: cheap, indexed look-ups that gather candidates for a new person."""

    key = models.CharField(max_length=80)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="matchkey_key_person")]

    def __str__(self) -> str:
        return self.key
