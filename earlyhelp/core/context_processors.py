"""Template context every page needs: the council, and the menu for the user's role."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from earlyhelp.access import rules
from earlyhelp.council.config import current


def _menu(request: HttpRequest) -> list[tuple[str, str]]:
    user = request.user
    items: list[tuple[str, str]] = []
    if rules.works_front_door(user):
        items.append(("Duty queue", reverse("referrals:queue")))
    if rules.can_submit_requests(user):
        items.append(("Request support", reverse("referrals:start")))
        items.append(("My requests", reverse("referrals:mine")))
    items.append(("Account", reverse("account")))
    return items


def council(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"council": current().council}
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        context["nav_items"] = [
            {"label": label, "url": url, "active": request.path.startswith(url)}
            for label, url in _menu(request)
        ]
    return context
