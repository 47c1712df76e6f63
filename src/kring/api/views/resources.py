"""The organisation's resources. Each `scoped()` is an access function of the app that owns
the data, so the API sees exactly what the pages show the same person; everything else is 404."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.response import Response

from kring.api import serializers as s
from kring.api.filters import Filter, parse_bool, parse_date, parse_int
from kring.api.idempotency import idempotent
from kring.audit.models import AccessLog
from kring.care.access import (
    can_edit_client,
    clients_for_user,
    enrolments_for_user,
    get_client_for_user,
    get_session_for_user,
    groups_for_user,
    sessions_for_user,
)
from kring.care.models import Enrolment
from kring.organisations.access import (
    locations_for_user,
    organisations_for_user,
    people_for_user,
    roles_for_user,
    rooms_for_user,
)
from kring.organisations.models import Role
from kring.records.errors import RecordError
from kring.records.models import Attendance, Measurement, Outcome
from kring.records.services.measuring import record_measurements
from kring.records.services.session_day import record_attendance

from .base import ScopedViewSet, check_if_match


def _waiting(queryset, waiting: bool):
    active = queryset.filter(enrolments__status=Enrolment.Status.ACTIVE).values("pk")
    return queryset.exclude(pk__in=active) if waiting else queryset.filter(pk__in=active)


class OrganisationViewSet(ScopedViewSet):
    """Your own organisation (a token's, or the one active in your session)."""

    serializer_class = s.OrganisationSerializer
    orderings = {"name": ("name",)}

    def scoped(self):
        return (
            organisations_for_user(self.request.user)
            .filter(pk=self.organisation.pk)
            .prefetch_related("dayparts")
        )


class LocationViewSet(ScopedViewSet):
    serializer_class = s.LocationSerializer
    orderings = {"name": ("name",)}
    default_ordering = "name"
    filters = {"active": Filter("is_active", parse_bool, "Only active (true) or inactive (false).")}

    def scoped(self):
        return locations_for_user(self.request.user, self.organisation)


class RoomViewSet(ScopedViewSet):
    serializer_class = s.RoomSerializer
    orderings = {"name": ("name",), "capacity": ("capacity_seats",)}
    default_ordering = "name"
    filters = {
        "location": Filter("location_id", parse_int, "Rooms of this location."),
        "active": Filter("is_active", parse_bool, "Only active (true) or inactive (false)."),
    }

    def scoped(self):
        return rooms_for_user(self.request.user, self.organisation)


class PersonViewSet(ScopedViewSet):
    """People with their roles, weekly availability and absences."""

    serializer_class = s.PersonSerializer
    orderings = {"family_name": ("family_name", "given_name")}
    default_ordering = "family_name"
    filters = {
        "role": Filter("roles__role", description="People with this role, e.g. cz_lead."),
        "active": Filter("is_active", parse_bool, "Only active (true) or inactive (false)."),
    }

    def scoped(self):
        return people_for_user(self.request.user, self.organisation).prefetch_related(
            "roles", "locations", "absences"
        )

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()


class ClientViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """Clients. Every list and read is written to the access log, as on the pages."""

    serializer_class = s.ClientSerializer
    logs_clients = True
    resource = "client"
    orderings = {
        "family_name": ("family_name", "given_name"),
        "due_date": ("due_date", "baby_birth_date"),
        "created_at": ("created_at",),
    }
    default_ordering = "family_name"
    filters = {
        "programme": Filter("programme__code", description="CZ or CO."),
        "waiting": Filter(
            _waiting, parse_bool, "true: the waiting list (no active group); false: in a group."
        ),
        "due_after": Filter("due_date__gte", parse_date, "Due date on or after (YYYY-MM-DD)."),
        "due_before": Filter("due_date__lte", parse_date, "Due date on or before (YYYY-MM-DD)."),
    }

    def scoped(self):
        return clients_for_user(self.request.user, self.organisation).prefetch_related(
            "location_preferences", "enrolments"
        )

    def client_of(self, obj):
        return obj

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "organisation": self.organisation}

    def create(self, request, *args, **kwargs):
        return idempotent(request, lambda: self._create(request), self.log_replay)

    def _create(self, request):
        if not roles_for_user(request.user, self.organisation) & REGISTRARS:
            raise exceptions.PermissionDenied(_("Only coordinators and leads register clients."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _may_edit(request.user, serializer.validated_data["_client"])
        with transaction.atomic():
            client = serializer.save()
            self.log_client(client, "client created", AccessLog.Action.CREATE)
        return self._respond(self.get_queryset().get(pk=client.pk), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        client = self.get_object()
        _may_edit(request.user, client)
        check_if_match(request, self.get_serializer(client).data)
        serializer = self.get_serializer(client, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        _may_edit(request.user, client)  # also in its new programme, when that changed
        with transaction.atomic():
            serializer.save()
            self.log_client(client, "client changed", AccessLog.Action.CHANGE)
        return self._respond(self.get_queryset().get(pk=client.pk))


# As on the pages: coordinators register and change every client, leads those of their programme.
REGISTRARS = {Role.Kind.COORDINATOR, Role.Kind.CZ_LEAD, Role.Kind.CO_LEAD}


def _may_edit(user, client) -> None:
    if not can_edit_client(user, client):
        raise exceptions.PermissionDenied(_("You may not change this client."))


class GroupViewSet(ScopedViewSet):
    serializer_class = s.GroupSerializer
    orderings = {"name": ("name",), "created_at": ("created_at",)}
    default_ordering = "name"
    filters = {
        "programme": Filter("programme__code", description="CZ or CO."),
        "status": Filter("status", description="planned, published, running, finished or cancelled."),
        "location": Filter("location_id", parse_int, "Groups at this location."),
    }

    def scoped(self):
        return groups_for_user(self.request.user, self.organisation)


class SessionViewSet(ScopedViewSet):
    serializer_class = s.SessionSerializer
    orderings = {"starts_at": ("starts_at",)}
    default_ordering = "starts_at"
    filters = {
        "group": Filter("group_id", parse_int, "Sessions of this group."),
        "room": Filter("room_id", parse_int, "Sessions in this room."),
        "from": Filter("date__gte", parse_date, "On or after this date (YYYY-MM-DD)."),
        "to": Filter("date__lte", parse_date, "On or before this date (YYYY-MM-DD)."),
        "status": Filter("status", description="planned, held or cancelled."),
    }

    def scoped(self):
        return sessions_for_user(self.request.user, self.organisation)


class EnrolmentViewSet(ScopedViewSet):
    serializer_class = s.EnrolmentSerializer
    logs_clients = True
    resource = "enrolment"
    orderings = {"joined_on": ("joined_on",)}
    default_ordering = "joined_on"
    filters = {
        "group": Filter("group_id", parse_int, "Enrolments in this group."),
        "client": Filter("client_id", parse_int, "Enrolments of this client."),
        "status": Filter("status", description="active, left, moved or completed."),
    }

    def scoped(self):
        return enrolments_for_user(self.request.user, self.organisation)


def _visible_clients(view):
    return clients_for_user(view.request.user, view.organisation).values("pk")


class AttendanceViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """Who came to a session. Writing goes through the session day's domain function (only a
    member of an open session; a partner cannot come without the participant)."""

    serializer_class = s.AttendanceSerializer
    logs_clients = True
    resource = "attendance"
    orderings = {"recorded_at": ("recorded_at",)}
    filters = {
        "session": Filter("session_id", parse_int, "Attendance at this session."),
        "client": Filter("client_id", parse_int, "Attendance of this client."),
    }

    def scoped(self):
        sessions = sessions_for_user(self.request.user, self.organisation).values("pk")
        return Attendance.objects.filter(
            session__in=sessions, client__in=_visible_clients(self)
        ).select_related("client")

    @extend_schema(request=s.AttendanceEntrySerializer, responses={201: s.AttendanceSerializer})
    def create(self, request, *args, **kwargs):
        return idempotent(request, lambda: self._create(request), self.log_replay)

    def _create(self, request):
        serializer = s.AttendanceEntrySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        session = get_session_for_user(request.user, data["session"], self.organisation)
        client = get_client_for_user(request.user, data["client"], self.organisation)
        try:
            attendance = record_attendance(
                session,
                client,
                data["status"],
                partner_present=data.get("partner_present", False),
                by=request.user,
            )
        except RecordError as error:
            raise exceptions.ValidationError({"non_field_errors": error.messages}) from None
        self.log_client(client, f"attendance at session {session.pk}", AccessLog.Action.CHANGE)
        return self._respond(attendance, status.HTTP_201_CREATED)


class MeasurementViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """Measurements. A new entry goes through the records' checks: impossible values (30/300,
    a weight of 0 or 500 kg) are refused per field, unusual ones saved and flagged."""

    serializer_class = s.MeasurementSerializer
    logs_clients = True
    resource = "measurement"
    orderings = {"measured_at": ("measured_at", "kind")}
    default_ordering = "measured_at"
    filters = {
        "client": Filter("client_id", parse_int, "Measurements of this client."),
        "session": Filter("session_id", parse_int, "Measurements at this session."),
        "kind": Filter("kind", description="e.g. systolic, weight."),
        "flagged": Filter("flagged", parse_bool, "Only flagged (true) or unflagged (false)."),
    }

    def scoped(self):
        return Measurement.objects.filter(client__in=_visible_clients(self)).select_related("client")

    @extend_schema(request=s.MeasurementEntrySerializer, responses={201: s.MeasurementSerializer(many=True)})
    def create(self, request, *args, **kwargs):
        return idempotent(request, lambda: self._create(request), self.log_replay)

    def _create(self, request):
        entry = s.MeasurementEntrySerializer(data=request.data)
        entry.is_valid(raise_exception=True)
        data = entry.validated_data
        session = get_session_for_user(request.user, data["session"], self.organisation)
        client = get_client_for_user(request.user, data["client"], self.organisation)
        known = {choice[0] for choice in Measurement._meta.get_field("kind").choices}
        unknown = sorted(set(data["values"]) - known)
        if unknown:
            raise exceptions.ValidationError(
                {"values": [_("Unknown measurement: %(kinds)s.") % {"kinds": ", ".join(unknown)}]}
            )
        try:
            rows = record_measurements(
                session,
                client,
                data["values"],
                measured_by=data["measured_by"],
                by=request.user,
                units=data.get("units"),
            )
        except RecordError as error:
            raise exceptions.ValidationError(_record_messages(error)) from None
        self.log_client(client, f"measurements at session {session.pk}", AccessLog.Action.CHANGE)
        return Response(s.MeasurementSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)


def _record_messages(error: RecordError) -> dict:
    from kring.api.errors import field_messages

    return field_messages(error)


class OutcomeViewSet(ScopedViewSet):
    serializer_class = s.OutcomeSerializer
    logs_clients = True
    resource = "outcome"
    orderings = {"updated_at": ("updated_at",)}
    filters = {"client": Filter("client_id", parse_int, "The outcome of this client.")}

    def scoped(self):
        return Outcome.objects.filter(client__in=_visible_clients(self)).select_related("client")


__all__ = [
    "AttendanceViewSet",
    "ClientViewSet",
    "EnrolmentViewSet",
    "GroupViewSet",
    "LocationViewSet",
    "MeasurementViewSet",
    "OrganisationViewSet",
    "OutcomeViewSet",
    "PersonViewSet",
    "RoomViewSet",
    "SessionViewSet",
]
