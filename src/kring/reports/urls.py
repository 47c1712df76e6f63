from django.urls import path

from kring.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.home, name="home"),
    path("reports/annual/", views.annual_start, name="annual_start"),
    path("reports/annual/<int:pk>/", views.annual_detail, name="annual"),
    path("reports/annual/<int:pk>/status/", views.annual_status, name="annual_status"),
    path("reports/annual/<int:pk>/download/", views.annual_download, name="annual_download"),
    path("reports/national-sharing/", views.national_sharing, name="national_sharing"),
    path("national/", views.national, name="national"),
    path("national/figures.csv", views.national_csv, name="national_csv"),
]
