from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kring.accounts"
    default_auto_field = "django.db.models.BigAutoField"
