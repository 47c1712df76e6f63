from django.urls import path

from kring.reminders import views

app_name = "reminders"

urlpatterns = [
    path("reminders/", views.outbox, name="outbox"),
    path("reminders/<int:pk>/retry/", views.notice_retry, name="retry"),
]
