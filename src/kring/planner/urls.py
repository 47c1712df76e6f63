from django.urls import path

from kring.planner import views

app_name = "planner"

urlpatterns = [
    path("planning/", views.home, name="home"),
    path("planning/runs/", views.run_start, name="start"),
    path("planning/runs/<int:pk>/", views.run_detail, name="run"),
    path("planning/runs/<int:pk>/status/", views.run_status, name="status"),
    path("planning/runs/<int:pk>/cancel/", views.run_cancel, name="cancel"),
    path("planning/runs/<int:pk>/instance.json", views.run_instance, name="instance"),
    path("planning/runs/<int:pk>/without-group.csv", views.run_unplaced_csv, name="unplaced_csv"),
    path("planning/runs/<int:pk>/edit/<str:kind>/", views.run_edit, name="edit"),
    path("planning/runs/<int:pk>/pins/<int:pin>/delete/", views.pin_delete, name="pin_delete"),
    path("planning/runs/<int:pk>/replan/", views.run_replan, name="replan"),
    path("planning/runs/<int:pk>/publish/", views.run_publish, name="publish"),
    path("planning/versions/<int:number>/", views.version_detail, name="version"),
    path("planning/outbox/<int:pk>.ics", views.outbox_ics, name="outbox_ics"),
    path("planning/absences/", views.absences, name="absences"),
    path("planning/absences/<int:pk>/", views.absence_detail, name="absence"),
]
