"""How each resource looks in JSON. Writable resources validate with the models' own rules
(`Client.clean()` and the domain functions); the rest are read-only views of the database."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kring.api.errors import field_messages
from kring.care.models import Client, Enrolment, Group, Programme, Session
from kring.care.validators import parse_local_date
from kring.organisations.models import Location, Organisation, Person, Room
from kring.planner.models import PlanningRun, PlanVersion
from kring.records.models import Attendance, Measurement, Outcome


class LocalDateField(serializers.Field):
    """A date as YYYY-MM-DD (or 31-12-2027), with the same messages as the forms: a date that
    does not exist, such as 29-02 in a year that is not a leap year, is named as such."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(_("Write a date as YYYY-MM-DD."))
        try:
            return parse_local_date(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def to_representation(self, value):
        return value.isoformat() if isinstance(value, dt.date) else value


extend_schema_field({"type": "string", "format": "date"})(LocalDateField)


class OrganisationSerializer(serializers.ModelSerializer):
    dayparts = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = ["id", "name", "slug", "kind", "agb_code", "ura_number", "room_buffer_minutes", "dayparts"]

    @extend_schema_field(
        {"type": "array", "items": {"type": "object", "properties": {"code": {}, "start": {}, "end": {}}}}
    )
    def get_dayparts(self, organisation) -> list[dict]:
        return [
            {"code": d.code, "name": d.name, "start": f"{d.start:%H:%M}", "end": f"{d.end:%H:%M}"}
            for d in organisation.dayparts.all()
        ]


class LocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = ["id", "name", "online", "street", "postcode", "city", "is_active"]


class RoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "location", "name", "capacity_seats", "cost_per_session", "availability", "is_active"]


class PersonSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    locations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    absences = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "given_name",
            "family_name",
            "profession",
            "email",
            "phone",
            "agb_code",
            "languages",
            "locations",
            "roles",
            "availability",
            "absences",
            "max_sessions_per_week",
            "max_concurrent_groups",
            "is_active",
        ]

    def get_roles(self, person) -> list[str]:
        return sorted(role.role for role in person.roles.all())

    @extend_schema_field({"type": "array", "items": {"type": "object"}})
    def get_absences(self, person) -> list[dict]:
        return [
            {"first_day": a.first_day.isoformat(), "last_day": a.last_day.isoformat()}
            for a in person.absences.all()
        ]


class PreferredLocationsField(serializers.ListField):
    """A client's acceptable locations in order of preference (its LocationPreference rows)."""

    def get_attribute(self, instance):
        return [p.location_id for p in sorted(instance.location_preferences.all(), key=lambda p: p.rank)]


class ClientSerializer(serializers.Serializer):
    """A client. Everything is checked by `Client.clean()`, as in the forms and the admin."""

    id = serializers.IntegerField(read_only=True)
    programme = serializers.ChoiceField(choices=["CZ", "CO"], help_text="CZ or CO")
    given_name = serializers.CharField(max_length=100, trim_whitespace=False)
    family_name = serializers.CharField(max_length=100, trim_whitespace=False)
    called_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, trim_whitespace=False
    )
    bsn = serializers.CharField(max_length=20, required=False, allow_blank=True)
    date_of_birth = LocalDateField(required=False, allow_null=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=10), required=False)
    dayparts = serializers.ListField(child=serializers.CharField(max_length=30), required=False)
    weekdays = serializers.ListField(child=serializers.CharField(max_length=3), required=False)
    locations = PreferredLocationsField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Acceptable locations, most preferred first (ids).",
    )
    due_date = LocalDateField(required=False, allow_null=True)
    available_from = LocalDateField(required=False, allow_null=True)
    baby_given_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    baby_birth_date = LocalDateField(required=False, allow_null=True)
    baby_bsn = serializers.CharField(max_length=20, required=False, allow_blank=True)
    consent_scope = serializers.ChoiceField(
        choices=Client.ConsentScope.choices, required=False, allow_blank=True
    )
    waiting = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    MODEL_FIELDS = (
        "given_name",
        "family_name",
        "called_name",
        "bsn",
        "date_of_birth",
        "email",
        "phone",
        "postcode",
        "languages",
        "dayparts",
        "weekdays",
        "due_date",
        "available_from",
        "baby_given_name",
        "baby_birth_date",
        "baby_bsn",
        "consent_scope",
    )

    def get_waiting(self, client) -> bool:
        return not any(e.status == Enrolment.Status.ACTIVE for e in client.enrolments.all())

    def to_representation(self, client):
        data = super().to_representation(client)
        data["programme"] = client.programme.code
        return data

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - {name for name, f in self.fields.items() if not f.read_only})
            if unknown:  # a misspelt field would otherwise be dropped without a word
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown[:20]})
        return super().to_internal_value(data)

    def validate(self, attrs):
        """Fill an unsaved client with the new values and run the model's own checks on it."""
        organisation = self.context["organisation"]
        client = self.instance or Client(organisation=organisation)
        if "programme" in attrs:
            programme = Programme.objects.filter(organisation=organisation, code=attrs["programme"]).first()
            if programme is None:
                raise serializers.ValidationError(
                    {"programme": [_("This organisation has no such programme.")]}
                )
            client.programme = programme
        for field in self.MODEL_FIELDS:
            if field in attrs:
                value = attrs[field]
                if value is None and field not in (
                    "date_of_birth",
                    "due_date",
                    "available_from",
                    "baby_birth_date",
                ):
                    value = ""
                setattr(client, field, value)
        if "locations" in attrs:
            known = set(Location.objects.filter(organisation=organisation).values_list("pk", flat=True))
            if any(pk not in known for pk in attrs["locations"]) or len(set(attrs["locations"])) != len(
                attrs["locations"]
            ):
                raise serializers.ValidationError({"locations": [_("Unknown or repeated location.")]})
        try:
            client.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(field_messages(error)) from None
        attrs["_client"] = client
        return attrs

    def _save(self, attrs) -> Client:
        client = attrs["_client"]
        client.save()
        if "locations" in attrs:
            client.location_preferences.all().delete()
            for rank, pk in enumerate(attrs["locations"]):
                client.location_preferences.create(location_id=pk, rank=rank)
        return client

    def create(self, validated_data):
        return self._save(validated_data)

    def update(self, instance, validated_data):
        return self._save(validated_data)


class GroupSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme.code", read_only=True)
    daypart = serializers.CharField(source="daypart.code", read_only=True)

    class Meta:
        model = Group
        fields = [
            "id",
            "name",
            "programme",
            "location",
            "language",
            "weekday",
            "daypart",
            "lead",
            "co",
            "status",
            "follow_up",
            "published_at",
            "created_at",
        ]


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["id", "group", "number", "date", "starts_at", "ends_at", "room", "lead", "co", "status"]


class EnrolmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enrolment
        fields = ["id", "client", "group", "status", "joined_on", "left_on", "reason"]


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "session", "client", "status", "partner_present", "recorded_at"]


class AttendanceEntrySerializer(serializers.Serializer):
    """Ids are plain numbers, looked up through the access functions (404 outside your scope)."""

    session = serializers.IntegerField()
    client = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Attendance.Status.choices)
    partner_present = serializers.BooleanField(default=False)


class MeasurementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measurement
        fields = [
            "id",
            "client",
            "session",
            "kind",
            "value",
            "unit",
            "loinc",
            "measured_by",
            "measured_at",
            "flagged",
            "flag_reasons",
        ]


class MeasurementEntrySerializer(serializers.Serializer):
    """One entry of values for a client at a session, saved all or nothing."""

    session = serializers.IntegerField()
    client = serializers.IntegerField()
    measured_by = serializers.ChoiceField(choices=Measurement.MeasuredBy.choices)
    values = serializers.DictField(
        child=serializers.CharField(max_length=20),
        help_text="Kind -> value, e.g. {'systolic': '120', 'diastolic': '80'}.",
    )
    units = serializers.DictField(child=serializers.CharField(max_length=20), required=False)


class OutcomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outcome
        fields = [
            "id",
            "client",
            "pain_relief_in_labour",
            "smoking_at_intake",
            "smoking_at_36_weeks",
            "smoking_after_birth",
            "referred_in_pregnancy",
            "satisfaction_grade",
            "updated_at",
        ]


class PlanningRunSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()
    published_version = serializers.SerializerMethodField()

    class Meta:
        model = PlanningRun
        fields = [
            "id",
            "method",
            "status",
            "progress",
            "penalty",
            "lower_bound",
            "error",
            "based_on",
            "published_version",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = [f for f in fields if f != "method"]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "percent": {"type": "integer"},
                "phase": {"type": "string"},
                "penalty": {"type": "integer", "nullable": True},
            },
        }
    )
    def get_progress(self, run) -> dict:
        return {
            "percent": round(100 * (run.progress_fraction if run.is_active else 1.0)),
            "phase": run.progress_phase,
            "penalty": run.progress_penalty,
        }

    def get_published_version(self, run) -> int | None:
        return run.published_version.number if run.published_version_id else None


class StartRunSerializer(serializers.Serializer):
    method = serializers.ChoiceField(
        choices=[PlanningRun.Method.CPSAT, PlanningRun.Method.GREEDY], default=PlanningRun.Method.CPSAT
    )


class PlanVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanVersion
        fields = ["number", "run", "published_at", "changes"]
