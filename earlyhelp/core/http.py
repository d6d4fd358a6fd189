"""Helpers for views: where a request came from."""

from django.http import HttpRequest

from earlyhelp.audit.actions import Origin


def origin_of(request: HttpRequest) -> Origin:
    # Behind a proxy, configure it to set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips).
    return Origin(user=request.user, ip_address=request.META.get("REMOTE_ADDR", ""))
