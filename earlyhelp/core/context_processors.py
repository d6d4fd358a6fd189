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
    items.extend(_casework_menu(request))
    if rules.can_submit_requests(user):
        items.append(("Request support", reverse("referrals:start")))
        items.append(("My requests", reverse("referrals:mine")))
    if rules.sees_performance(user):
        items.append(("Performance", reverse("performance:dashboard")))
    items.append(("Account", reverse("account")))
    return items


def _casework_menu(request: HttpRequest) -> list[tuple[str, str]]:
    """Casework's lists, for the roles that work them (also linked from the home page)."""
    user = request.user
    items: list[tuple[str, str]] = []
    if rules.works_cases(user):
        items.append(("My families", reverse("casework:my_families")))
    if rules.sees_team_list(user):
        items.append(("My team", reverse("casework:my_team")))
    if rules.sees_awaiting_allocation(user):
        items.append(("Awaiting allocation", reverse("casework:awaiting")))
    if rules.supports_families(user):
        items.append(("Families I support", reverse("casework:supporting")))
    if rules.can_schedule_panels(user):
        items.append(("Panels", reverse("casework:panels")))
    return items


def _performance_menu(request: HttpRequest) -> list[tuple[str, str]]:
    """The pages of performance management, for the roles that see them."""
    user = request.user
    items: list[tuple[str, str]] = []
    if rules.sees_performance(user):
        items.append(("Dashboard", reverse("performance:dashboard")))
        items.append(("Committee report", reverse("performance:report")))
        items.append(("Strategy action plan", reverse("performance:strategy")))
    if rules.sees_exports(user):
        items.append(("Returns and extracts", reverse("performance:exports")))
    return items


def _active(request: HttpRequest, url: str) -> bool:
    # "My families" lives at casework's own root, which every casework address starts with.
    if url == reverse("casework:my_families"):
        return request.path == url
    return request.path.startswith(url)


def council(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"council": current().council}
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        context["nav_items"] = [
            {"label": label, "url": url, "active": _active(request, url)}
            for label, url in _menu(request)
        ]
        context["casework_links"] = [
            {"label": label, "url": url} for label, url in _casework_menu(request)
        ]
        context["performance_links"] = [
            {"label": label, "url": url, "current": request.path == url}
            for label, url in _performance_menu(request)
        ]
    return context
