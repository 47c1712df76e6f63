"""/api/v1/: the resources (a router without format suffixes), the schema and its page."""

from django.urls import path
from django.views.generic import RedirectView
from rest_framework.routers import SimpleRouter

from kring.api.views import docs
from kring.api.views import planner as planner_views
from kring.api.views import resources as r

app_name = "api"

router = SimpleRouter(use_regex_path=False)  # path converters: <int:pk>, typed in the schema
router.register("organisations", r.OrganisationViewSet, basename="organisation")
router.register("locations", r.LocationViewSet, basename="location")
router.register("rooms", r.RoomViewSet, basename="room")
router.register("people", r.PersonViewSet, basename="person")
router.register("clients", r.ClientViewSet, basename="client")
router.register("groups", r.GroupViewSet, basename="group")
router.register("sessions", r.SessionViewSet, basename="session")
router.register("enrolments", r.EnrolmentViewSet, basename="enrolment")
router.register("attendance", r.AttendanceViewSet, basename="attendance")
router.register("measurements", r.MeasurementViewSet, basename="measurement")
router.register("outcomes", r.OutcomeViewSet, basename="outcome")
router.register("planner-runs", planner_views.PlanningRunViewSet, basename="planningrun")
router.register("plan-versions", planner_views.PlanVersionViewSet, basename="planversion")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api:docs"), name="root"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.docs, name="docs"),
    *router.urls,
]
