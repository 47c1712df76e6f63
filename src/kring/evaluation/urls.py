from django.urls import path

from kring.evaluation.views import dashboard, pages, participant

app_name = "evaluation"

urlpatterns = [
    path("evaluation/", dashboard.dashboard, name="dashboard"),
    path("evaluation/outcomes.csv", dashboard.dashboard_csv, name="dashboard_csv"),
    path("evaluation/goals/", dashboard.goal_save, name="goal_save"),
    path("evaluation/fidelity/", pages.fidelity, name="fidelity"),
    path("evaluation/costs/", pages.costs, name="costs"),
    path("evaluation/costs/rates/", pages.rates_save, name="rates_save"),
    path("evaluation/checklist/", pages.checklist, name="checklist"),
    path("evaluation/checklist/tick/", pages.checklist_tick, name="checklist_tick"),
    path("evaluation/staff-survey/", pages.staff_survey, name="staff_survey"),
    path("evaluation/staff-survey/results/", pages.staff_results_page, name="staff_results"),
    path("me/<str:token>/survey/", participant.survey, name="participant_survey"),
]
