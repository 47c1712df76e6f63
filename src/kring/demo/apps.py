from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kring.demo"
    verbose_name = "Kring demo data"
