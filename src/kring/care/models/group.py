from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.care.models.client import Client
from kring.care.models.programme import Programme
from kring.organisations.models import Daypart, Location, Organisation, Person, ProgrammeCode, Room
from kring.organisations.validators import WEEKDAY_CHOICES, validate_language_codes


class Group(models.Model):
    """A Centering group: fixed programme, place, language, weekday, daypart and facilitators."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PUBLISHED = "published", _("Published")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="groups", verbose_name=_("organisation")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="groups", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=200)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="groups", verbose_name=_("location")
    )
    language = models.CharField(_("language"), max_length=3, default="nl")
    weekday = models.CharField(_("weekday"), max_length=3, choices=WEEKDAY_CHOICES)
    daypart = models.ForeignKey(
        Daypart, on_delete=models.PROTECT, related_name="groups", verbose_name=_("daypart")
    )
    lead = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="groups_led", verbose_name=_("lead facilitator")
    )
    co = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="groups_co", verbose_name=_("co-facilitator")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    follow_up = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="preceding_groups",
        verbose_name=_("follow-up CO group"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["organisation", "name"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(lead=models.F("co")), name="group_lead_is_not_co"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        org = self.organisation_id
        if org:
            for field in ("programme", "location", "daypart", "lead", "co"):
                related = getattr(self, field, None) if getattr(self, f"{field}_id") else None
                if related is not None and related.organisation_id != org:
                    errors[field] = _("This belongs to another organisation.")
        if self.lead_id and self.lead_id == self.co_id:
            errors["co"] = _("The co-facilitator must be someone other than the lead.")
        try:
            validate_language_codes([self.language])
        except ValidationError as error:
            errors["language"] = error.messages[0]
        if self.follow_up_id:
            if self.programme_id and self.programme.code != ProgrammeCode.CZ:
                errors["follow_up"] = _("Only a CZ group has a follow-up CO group.")
            elif self.follow_up.programme.code != ProgrammeCode.CO:
                errors["follow_up"] = _("The follow-up group must be a CO group.")
        if errors:
            raise ValidationError(errors)

    def active_enrolments(self):
        return self.enrolments.filter(status=Enrolment.Status.ACTIVE)


class Session(models.Model):
    """One meeting of a group. `date` is the local calendar day; `starts_at`/`ends_at` are aware
    datetimes (stored in UTC) computed from the daypart's local times on that day.

    Create and move sessions with `kring.care.scheduling.schedule_session` / `move_session`,
    which lock and check for double bookings; PostgreSQL also refuses them by constraint.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("group")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    date = models.DateField(_("date"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("room"))
    lead = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="sessions_led", verbose_name=_("lead")
    )
    co = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="sessions_co", verbose_name=_("co-facilitator")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="session_number_unique_per_group"),
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")), name="session_starts_before_end"
            ),
            models.CheckConstraint(condition=~models.Q(lead=models.F("co")), name="session_lead_is_not_co"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="session_number_positive"),
        ]
        indexes = [
            models.Index(fields=["room", "starts_at"], name="session_room_start_idx"),
            models.Index(fields=["date"], name="session_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.group.name} #{self.number} ({self.date:%d-%m-%Y})"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.starts_at >= self.ends_at:
            errors["ends_at"] = _("A session must end after it starts.")
        if self.lead_id and self.lead_id == self.co_id:
            errors["co"] = _("The co-facilitator must be someone other than the lead.")
        if self.group_id:
            org = self.group.organisation_id
            if self.room_id and self.room.location.organisation_id != org:
                errors["room"] = _("This room belongs to another organisation.")
            for field in ("lead", "co"):
                if getattr(self, f"{field}_id") and getattr(self, field).organisation_id != org:
                    errors[field] = _("This person belongs to another organisation.")
        if errors:
            raise ValidationError(errors)

    @property
    def organisation_id(self) -> int:
        return self.group.organisation_id


class Enrolment(models.Model):
    """A client's membership of a group. At most one enrolment per client is active."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")
        MOVED = "moved", _("Moved to another group")
        COMPLETED = "completed", _("Completed")

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("client")
    )
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("group")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["joined_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=models.Q(status="active"), name="enrolment_one_active_per_client"
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="enrolment_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} → {self.group}"

    def clean(self) -> None:
        super().clean()
        if self.client_id and self.group_id:
            if self.client.organisation_id != self.group.organisation_id:
                raise ValidationError(_("The client and the group belong to different organisations."))
            if self.client.programme.code != self.group.programme.code:
                raise ValidationError(_("The client's programme differs from the group's."))
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("Leaving cannot come before joining.")})
