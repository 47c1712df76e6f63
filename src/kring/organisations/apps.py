from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "kring.organisations"
    default_auto_field = "django.db.models.BigAutoField"
