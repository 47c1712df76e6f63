from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.organisations.models.organisation import Organisation
from kring.organisations.validators import normalise_postcode, validate_weekly_availability


class Location(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="locations", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    online = models.BooleanField(
        _("online"),
        default=False,
        help_text=_("Sessions take place in a video meeting; checks happen elsewhere."),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="location_name_unique_per_org"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.postcode:
            try:
                self.postcode = normalise_postcode(self.postcode)
            except ValidationError as error:
                raise ValidationError({"postcode": error}) from None
        if not self.online and not (self.street and self.postcode and self.city):
            raise ValidationError(_("A location that is not online needs a street, postcode and city."))


class Room(models.Model):
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("location")
    )
    name = models.CharField(_("name"), max_length=200)
    capacity_seats = models.PositiveSmallIntegerField(_("seats"))
    cost_per_session = models.DecimalField(
        _("cost per session (EUR)"), max_digits=8, decimal_places=2, default=0
    )
    # weekday -> daypart codes, e.g. {"mon": ["morning"], "tue": ["evening"]}; null: always available
    availability = models.JSONField(
        _("weekly availability"),
        null=True,
        blank=True,
        help_text=_('For example {"mon": ["morning", "evening"]}.'),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["location", "name"]
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="room_name_unique_per_location"),
            models.CheckConstraint(condition=models.Q(capacity_seats__gte=1), name="room_capacity_positive"),
            models.CheckConstraint(
                condition=models.Q(cost_per_session__gte=0), name="room_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location.name} – {self.name}"

    @property
    def organisation(self) -> Organisation:
        return self.location.organisation

    def clean(self) -> None:
        super().clean()
        if self.availability is not None and self.location_id:
            codes = set(self.location.organisation.dayparts.values_list("code", flat=True))
            try:
                validate_weekly_availability(self.availability, codes)
            except ValidationError as error:
                raise ValidationError({"availability": error}) from None

    def is_available(self, weekday: str, daypart_code: str) -> bool:
        return self.availability is None or daypart_code in self.availability.get(weekday, [])

    def is_closed_on(self, day: dt.date) -> bool:
        return self.closures.filter(first_day__lte=day, last_day__gte=day).exists()


class RoomClosure(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="closures", verbose_name=_("room"))
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("to (inclusive)"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("room closure")
        verbose_name_plural = _("room closures")
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_day__lte=models.F("last_day")), name="room_closure_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room}: {self.first_day:%d-%m-%Y} – {self.last_day:%d-%m-%Y}"

    def clean(self) -> None:
        super().clean()
        if self.first_day and self.last_day and self.first_day > self.last_day:
            raise ValidationError(_("The last day cannot be before the first day."))
