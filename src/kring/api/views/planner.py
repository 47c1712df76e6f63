"""Planning through the API: start a run, follow its progress, fetch its plan in the exchange
format of the planning SPEC, publish it, and read the published versions. Only coordinators
plan (as on the pages); the work is done by `kring.planner`'s own functions."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from kring.api import serializers as s
from kring.api.filters import Filter
from kring.api.idempotency import idempotent
from kring.audit.models import AccessLog
from kring.care.access import can_plan
from kring.planner.instance_builder import db_pk
from kring.planner.models import PlanningRun, PlanVersion
from kring.planner.publish import publish_run
from kring.planner.runs import cancel_run, expire_if_stale, start_run
from kring.planning.model import plan_to_json, read_plan

from .base import ScopedViewSet


def _client_ids(exchange_ids) -> list[int]:
    return [db_pk(x) for x in exchange_ids]


class CoordinatorOnly:
    def coordinator_organisation(self):
        organisation = self.organisation
        if not can_plan(self.request.user, organisation):
            raise exceptions.PermissionDenied(_("Only coordinators plan groups."))
        return organisation


class PlanningRunViewSet(CoordinatorOnly, mixins.CreateModelMixin, ScopedViewSet):
    """Planning runs. POST starts one in the background (202); poll it until `status` is done."""

    serializer_class = s.PlanningRunSerializer
    orderings = {"created_at": ("created_at",)}
    default_ordering = "-created_at"
    filters = {"status": Filter("status", description="queued, running, done, failed or cancelled.")}

    def scoped(self):
        return PlanningRun.objects.filter(organisation=self.coordinator_organisation()).select_related(
            "published_version"
        )

    def get_object(self):
        return expire_if_stale(super().get_object())

    @extend_schema(request=s.StartRunSerializer, responses={202: s.PlanningRunSerializer})
    def create(self, request, *args, **kwargs):
        return idempotent(request, lambda: self._start(request))

    def _start(self, request):
        organisation = self.coordinator_organisation()
        form = s.StartRunSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        run = start_run(organisation, request.user, method=form.validated_data["method"])
        run.refresh_from_db()
        return Response(self.get_serializer(run).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description="The run's plan as a `kring-plan/1` document (planning SPEC section 2).",
    )
    @action(detail=True, methods=["get"])
    def plan(self, request, pk=None):
        run = self.get_object()
        if run.plan is None:
            raise exceptions.NotFound(_("This run has no plan yet; wait until its status is done."))
        plan = read_plan(run.plan)
        ids = [m for g in plan.groups for m in g.members] + [u.client for u in plan.unplaced]
        self.log_clients(_client_ids(ids), f"plan of run {run.pk}", AccessLog.Action.EXPORT)
        return Response(plan_to_json(plan))

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description="The data the run planned as a `kring-instance/1` document (planning SPEC section 1).",
    )
    @action(detail=True, methods=["get"])
    def instance(self, request, pk=None):
        run = self.get_object()
        ids = [c["id"] for c in run.instance.get("clients", [])]
        self.log_clients(_client_ids(ids), f"planning instance of run {run.pk}", AccessLog.Action.EXPORT)
        return Response(run.instance)

    @extend_schema(request=None, responses={201: s.PlanVersionSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return idempotent(request, lambda: self._publish(request), self._log_repeated_publish)

    def _log_repeated_publish(self, data) -> None:
        named = [db_pk(c["client"]) for c in data.get("changes", []) if c.get("client")]
        self.log_clients(named, "published plan version (repeated answer)", AccessLog.Action.VIEW)

    def _publish(self, request):
        run = self.get_object()
        version = publish_run(run, request.user)  # PublishConflict -> 409 (kring.api.errors)
        plan = read_plan(run.plan)
        ids = [m for g in plan.groups for m in g.members]
        self.log_clients(
            _client_ids(ids), f"published plan version {version.number}", AccessLog.Action.CHANGE
        )
        return Response(s.PlanVersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.PlanningRunSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        run = self.get_object()
        cancel_run(run)
        run.refresh_from_db()
        return Response(self.get_serializer(run).data)


class PlanVersionViewSet(CoordinatorOnly, ScopedViewSet):
    """Published versions, by number, with the changes each made."""

    serializer_class = s.PlanVersionSerializer
    lookup_field = "number"
    orderings = {"number": ("number",)}
    default_ordering = "-number"
    resource = "plan version"

    def scoped(self):
        return PlanVersion.objects.filter(organisation=self.coordinator_organisation())

    def _named(self, versions) -> list[int]:
        return [db_pk(change["client"]) for v in versions for change in v.changes if change.get("client")]

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self.log_clients(self._named(page), "plan versions")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        version = get_object_or_404(self.get_queryset(), number=kwargs["number"])
        self.log_clients(self._named([version]), f"plan version {version.number}")
        return Response(self.get_serializer(version).data)
