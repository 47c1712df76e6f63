"""The records' pages: the session day, self-measurement, records, follow-ups, the pathway and
the participant's own view. Included at the site root by `kring.urls`."""

from django.urls import path

from kring.records.views import follow_ups, participant, pathway, record, self_measure, session_day

app_name = "records"

urlpatterns = [
    path("sessions/today/", session_day.today, name="today"),
    path("sessions/<int:pk>/day/", session_day.session_day, name="session_day"),
    path("sessions/<int:pk>/topics/", session_day.topics, name="topics"),
    path("sessions/<int:pk>/close/", session_day.close, name="close"),
    path("sessions/<int:pk>/self-check/", session_day.self_check, name="self_check"),
    path("sessions/<int:pk>/members/<int:client_pk>/", session_day.participant, name="participant"),
    path("sessions/<int:pk>/members/<int:client_pk>/attendance/", session_day.attendance, name="attendance"),
    path("sessions/<int:pk>/members/<int:client_pk>/check/", session_day.professional_check, name="check"),
    path("sessions/<int:pk>/members/<int:client_pk>/note/", session_day.note, name="note"),
    path("sessions/<int:pk>/members/<int:client_pk>/refer/", session_day.refer, name="refer"),
    path("sessions/<int:pk>/measure/", self_measure.picker, name="self_picker"),
    path("sessions/<int:pk>/measure/<int:client_pk>/", self_measure.entry, name="self_entry"),
    path("sessions/<int:pk>/measure/unlock/", self_measure.unlock, name="kiosk_unlock"),
    path("records/<int:pk>/", record.record, name="record"),
    path("records/<int:pk>/birth/", record.birth, name="birth"),
    path("records/<int:pk>/outcome/", record.outcome, name="outcome"),
    path("records/<int:pk>/photo/", record.photo, name="photo"),
    path("records/<int:pk>/photo/upload/", record.photo_upload, name="photo_upload"),
    path("records/<int:pk>/photo/remove/", record.photo_remove, name="photo_remove"),
    path("records/<int:pk>/links/", record.make_link, name="make_link"),
    path("records/<int:pk>/links/<int:link_pk>/revoke/", record.revoke_link, name="revoke_link"),
    path("follow-ups/", follow_ups.follow_up_list, name="follow_ups"),
    path("follow-ups/<int:pk>/", follow_ups.follow_up_update, name="follow_up_update"),
    path("groups/<int:pk>/pathway/", pathway.group_pathway, name="group_pathway"),
    path("groups/<int:pk>/pathway/guest/", pathway.invite_guest, name="invite_guest"),
    path("groups/<int:pk>/pathway/propose/", pathway.propose, name="propose"),
    path("co-proposals/", pathway.proposal_list, name="proposals"),
    path("co-proposals/<int:pk>/", pathway.proposal_detail, name="proposal_detail"),
    path("co-proposals/<int:pk>/decline/", pathway.proposal_decline, name="proposal_decline"),
    path("co-proposals/<int:pk>/kickoff/", pathway.proposal_kickoff, name="proposal_kickoff"),
    path("me/<str:token>/", participant.mine, name="mine"),
]
