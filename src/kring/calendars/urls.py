from django.urls import path

from kring.calendars import views

app_name = "calendars"

urlpatterns = [
    path("calendars/feed/<str:secret>.ics", views.feed, name="feed"),
    path("calendars/", views.links, name="links"),
    path("calendars/client/<int:pk>/", views.client_link, name="client_link"),
    path(
        "calendars/<str:kind>/<int:pk>/<str:action>/",
        views.change_link,
        name="change_link",
    ),
    path("groups/<int:pk>/schedule/", views.group_schedule, name="group_schedule"),
]
