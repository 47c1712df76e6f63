"""Kring's web pages. Paths are English and stable; the pages themselves are Dutch first."""

from django.urls import path
from django.views.i18n import set_language

from kring.web.views import account, audit, clients, dashboard, groups, people, places, twofactor

app_name = "web"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("login/", account.LoginView.as_view(), name="login"),
    path("logout/", account.LogoutView.as_view(), name="logout"),
    path("login/two-factor/", twofactor.two_factor, name="two_factor"),
    path("login/two-factor/setup/", twofactor.two_factor_setup, name="two_factor_setup"),
    path("language/", set_language, name="set_language"),
    path("organisation/", account.switch_organisation, name="switch_organisation"),
    path("clients/", clients.client_list, name="client_list"),
    path("clients/new/", clients.client_create, name="client_create"),
    path("clients/export.csv", clients.client_export, name="client_export"),
    path("clients/export.xlsx", clients.client_export, {"fmt": "xlsx"}, name="client_export_xlsx"),
    path("clients/<int:pk>/", clients.client_detail, name="client_detail"),
    path("clients/<int:pk>/edit/", clients.client_edit, name="client_edit"),
    path("people/", people.person_list, name="person_list"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/availability/", people.person_availability, name="person_availability"),
    path("people/<int:pk>/absences/", people.absence_add, name="absence_add"),
    path("people/<int:pk>/absences/<int:absence_pk>/delete/", people.absence_delete, name="absence_delete"),
    path("locations/", places.location_list, name="location_list"),
    path("locations/new/", places.location_create, name="location_create"),
    path("locations/<int:pk>/", places.location_detail, name="location_detail"),
    path("locations/<int:pk>/edit/", places.location_edit, name="location_edit"),
    path("locations/<int:pk>/rooms/new/", places.room_create, name="room_create"),
    path("rooms/<int:pk>/edit/", places.room_edit, name="room_edit"),
    path("groups/", groups.group_list, name="group_list"),
    path("groups/<int:pk>/", groups.group_detail, name="group_detail"),
    path("access-log/", audit.access_log, name="access_log"),
]
