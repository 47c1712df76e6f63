from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "kring.care"
    default_auto_field = "django.db.models.BigAutoField"
