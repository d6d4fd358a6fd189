"""The front door app: requests for support, whose clocks stop when their messages go."""

from typing import Any

from django.apps import AppConfig

from earlyhelp.outbox.signals import message_sent


class ReferralsConfig(AppConfig):
    name = "earlyhelp.referrals"
    label = "referrals"

    def ready(self) -> None:
        # The actions import models, which exist only once the app registry is ready.
        from earlyhelp.referrals.actions import note_message_sent  # noqa: PLC0415

        def on_message_sent(sender: Any, message: Any, **kwargs: Any) -> None:
            note_message_sent(message)

        message_sent.connect(
            on_message_sent, weak=False, dispatch_uid="referrals.note_message_sent"
        )
