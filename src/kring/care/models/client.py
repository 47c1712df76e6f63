from __future__ import annotations

import datetime as dt
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.care.models.programme import Programme
from kring.care.sorting import dutch_sort_key
from kring.care.validators import (
    normalise_bsn,
    normalise_name,
    validate_birth_date,
    validate_due_date,
)
from kring.organisations.models import Location, Organisation, ProgrammeCode
from kring.organisations.validators import WEEKDAYS, normalise_postcode, validate_language_codes

# Fields whose date rules are judged against today only when they are entered or changed, so
# an old record stays editable after its due date has passed.
_DATES_CHECKED_ON_CHANGE = ("due_date", "baby_birth_date")


class Client(models.Model):
    """A participant: a pregnant woman (CZ) or a parent with a baby (CO)."""

    class ConsentScope(models.TextChoices):
        CARE = "care", _("Group care")
        CARE_EVALUATION = "care_evaluation", _("Group care and anonymous evaluation")
        CARE_EVALUATION_RESEARCH = "care_evaluation_research", _("Group care, evaluation and research")

    class BabySex(models.TextChoices):
        # The growth references differ for girls and boys; unknown draws no reference curves.
        UNKNOWN = "", _("Unknown")
        GIRL = "f", _("Girl")
        BOY = "m", _("Boy")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="clients", verbose_name=_("organisation")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="clients", verbose_name=_("programme")
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    called_name = models.CharField(
        _("called"), max_length=100, blank=True, help_text=_("The name she or he goes by.")
    )
    bsn = models.CharField(_("BSN"), max_length=9, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("ISO codes, e.g. nl, en, tr.")
    )
    locations = models.ManyToManyField(
        Location, through="LocationPreference", blank=True, related_name="+", verbose_name=_("locations")
    )
    dayparts = models.JSONField(_("dayparts, most preferred first"), default=list, blank=True)
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True)
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_scope = models.CharField(
        _("consent for"), max_length=30, choices=ConsentScope.choices, blank=True
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    # CenteringOuderschap: the baby, and the parent's own CZ record (possibly another organisation)
    baby_given_name = models.CharField(_("baby's given name"), max_length=100, blank=True)
    baby_birth_date = models.DateField(_("baby's birth date"), null=True, blank=True)
    baby_bsn = models.CharField(_("baby's BSN"), max_length=9, blank=True)
    baby_sex = models.CharField(
        _("baby's sex"), max_length=1, choices=BabySex.choices, blank=True, default=BabySex.UNKNOWN
    )
    parent_client = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children_records",
        verbose_name=_("parent's pregnancy record"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # optimistic locking: each save through the edit form adds one; a form made from an older
    # version is refused, so a second coordinator never overwrites the first one's changes
    version = models.PositiveIntegerField(default=0, editable=False)
    # Folded family and given name (kring.care.sorting): the order a Dutch reader expects,
    # identical on SQLite and PostgreSQL. Set on every save.
    sort_name = models.CharField(_("sort key"), max_length=250, blank=True, editable=False, db_index=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["sort_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "bsn"], condition=~models.Q(bsn=""), name="client_bsn_unique_per_org"
            ),
            models.UniqueConstraint(
                fields=["organisation", "baby_bsn"],
                condition=~models.Q(baby_bsn=""),
                name="client_baby_bsn_unique_per_org",
            ),
            models.CheckConstraint(
                condition=models.Q(baby_bsn="") | ~models.Q(baby_bsn=models.F("bsn")),
                name="client_baby_bsn_differs",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        # Names are stored NFC-normalised whoever saves them (forms, admin, imports, demo).
        for field in ("given_name", "family_name", "called_name", "baby_given_name"):
            setattr(self, field, unicodedata.normalize("NFC", getattr(self, field) or "").strip())
        self.sort_name = dutch_sort_key(self.family_name, self.given_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"family_name", "given_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)
        self._loaded = {name: getattr(self, name) for name in _DATES_CHECKED_ON_CHANGE}

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = {name: getattr(instance, name, None) for name in _DATES_CHECKED_ON_CHANGE}
        return instance

    @property
    def display_name(self) -> str:
        return f"{self.called_name or self.given_name} {self.family_name}".strip()

    @property
    def anchor_date(self) -> dt.date | None:
        """The date the planner groups by: the due date (CZ) or the baby's birth date (CO)."""
        return self.baby_birth_date if self.programme.code == ProgrammeCode.CO else self.due_date

    def _changed(self, name: str) -> bool:
        loaded = getattr(self, "_loaded", None)
        return loaded is None or loaded.get(name) != getattr(self, name)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[ValidationError]] = {}

        def add(field: str, error: ValidationError) -> None:
            errors.setdefault(field, []).append(error)

        for field in ("given_name", "family_name", "called_name", "baby_given_name"):
            try:
                setattr(self, field, normalise_name(getattr(self, field)))
            except ValidationError as error:
                add(field, error)
        for field in ("bsn", "baby_bsn"):
            if getattr(self, field):
                try:
                    setattr(self, field, normalise_bsn(getattr(self, field)))
                except ValidationError as error:
                    add(field, error)
        if self.postcode:
            try:
                self.postcode = normalise_postcode(self.postcode)
            except ValidationError as error:
                add("postcode", error)
        try:
            validate_language_codes(self.languages)
        except ValidationError as error:
            add("languages", error)
        self._clean_preferences(add)
        self._clean_dates(add)
        self._clean_programme(add)
        self._clean_duplicates(add)
        if errors:
            raise ValidationError(errors)

    def _clean_preferences(self, add) -> None:
        if not isinstance(self.weekdays, list) or any(day not in WEEKDAYS for day in self.weekdays):
            add("weekdays", ValidationError(_("Weekdays must be among mon, tue, wed, thu, fri, sat, sun.")))
        if not isinstance(self.dayparts, list):
            add("dayparts", ValidationError(_("Dayparts must be a list.")))
        elif self.organisation_id:
            known = set(self.organisation.dayparts.values_list("code", flat=True))
            unknown = [code for code in self.dayparts if code not in known]
            if unknown or len(set(self.dayparts)) != len(self.dayparts):
                add(
                    "dayparts",
                    ValidationError(
                        _("Unknown or repeated daypart: %(codes)s."),
                        params={"codes": ", ".join(map(str, unknown)) or "-"},
                    ),
                )

    def _clean_dates(self, add) -> None:
        today = timezone.localdate()
        # A value that is not a date yet already has its error from clean_fields().
        if isinstance(self.due_date, dt.date) and self._changed("due_date"):
            try:
                validate_due_date(self.due_date, today)
            except ValidationError as error:
                add("due_date", error)
        if isinstance(self.baby_birth_date, dt.date) and self._changed("baby_birth_date"):
            try:
                validate_birth_date(self.baby_birth_date, today)
            except ValidationError as error:
                add("baby_birth_date", error)
        if isinstance(self.date_of_birth, dt.date):
            try:
                validate_birth_date(self.date_of_birth, today)
            except ValidationError as error:
                add("date_of_birth", error)

    def _clean_programme(self, add) -> None:
        if not self.programme_id:
            return
        if self.organisation_id and self.programme.organisation_id != self.organisation_id:
            add("programme", ValidationError(_("This programme belongs to another organisation.")))
        if self.programme.code == ProgrammeCode.CZ:
            if not self.due_date:
                add("due_date", ValidationError(_("A pregnant client needs a due date.")))
            for field in ("baby_birth_date", "baby_bsn", "baby_given_name", "baby_sex"):
                if getattr(self, field):
                    add(field, ValidationError(_("Baby details belong to CenteringOuderschap clients.")))
        else:
            if not self.baby_birth_date:
                add(
                    "baby_birth_date", ValidationError(_("A parent with a baby needs the baby's birth date."))
                )
            if self.due_date:
                add("due_date", ValidationError(_("A due date belongs to CenteringZwangerschap clients.")))
        if self.baby_bsn:
            parent_bsns = {self.bsn, self.parent_client.bsn if self.parent_client_id else ""} - {""}
            if self.baby_bsn in parent_bsns:
                add(
                    "baby_bsn",
                    ValidationError(
                        _("The baby's BSN must differ from the parent's BSN."), code="baby_bsn_is_parent"
                    ),
                )

    def _clean_duplicates(self, add) -> None:
        if not self.organisation_id:
            return
        others = Client.objects.filter(organisation_id=self.organisation_id).exclude(pk=self.pk)
        if self.bsn and others.filter(bsn=self.bsn).exists():
            add(
                "bsn",
                ValidationError(_("Another client of this organisation has this BSN."), code="bsn_duplicate"),
            )
        if self.baby_bsn and others.filter(baby_bsn=self.baby_bsn).exists():
            add(
                "baby_bsn",
                ValidationError(
                    _("Another client of this organisation has this baby's BSN."), code="bsn_duplicate"
                ),
            )

    def preferred_locations(self) -> list[Location]:
        return [
            pref.location for pref in self.location_preferences.select_related("location").order_by("rank")
        ]


class LocationPreference(models.Model):
    """An acceptable location for a client; rank 0 is the most preferred."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="location_preferences", verbose_name=_("client")
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="+", verbose_name=_("location")
    )
    rank = models.PositiveSmallIntegerField(_("rank"), default=0)

    class Meta:
        verbose_name = _("location preference")
        verbose_name_plural = _("location preferences")
        ordering = ["client", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["client", "location"], name="location_preference_unique"),
            models.UniqueConstraint(fields=["client", "rank"], name="location_preference_rank_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.rank + 1}. {self.location}"

    def clean(self) -> None:
        super().clean()
        if (
            self.client_id
            and self.location_id
            and self.location.organisation_id != self.client.organisation_id
        ):
            raise ValidationError(_("This location belongs to another organisation."))
