from django.apps import AppConfig


class CouncilConfigApp(AppConfig):
    name = "earlyhelp.council"
    label = "council"
    verbose_name = "Council configuration"
