from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "earlyhelp.outbox"
    label = "outbox"
