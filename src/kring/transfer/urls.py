from django.urls import path

from kring.transfer import views

app_name = "transfer"

urlpatterns = [
    path("export/", views.export_home, name="home"),
    path("export/<slug:name>.<str:fmt>", views.list_export, name="list_export"),
    path("import/", views.import_start, name="import_start"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/columns/", views.import_columns, name="import_columns"),
    path("import/<int:pk>/run/", views.import_run, name="import_run"),
    path("fhir/Patient/<int:pk>/$everything", views.patient_everything, name="patient_everything"),
    path("fhir/exports/", views.fhir_export_start, name="fhir_export_start"),
    path("fhir/exports/<int:pk>/download/", views.fhir_export_download, name="fhir_export_download"),
]
