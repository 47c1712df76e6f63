from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "kring.ops"
    label = "kring_ops"
    verbose_name = "Kring operations"
