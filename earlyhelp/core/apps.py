from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "earlyhelp.core"
    label = "core"
