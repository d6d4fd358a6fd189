"""The partner API: one NinjaAPI, each app adding its router. OpenAPI at /api/v1/openapi.json."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="earlyhelp partner API",
    version="1",
    description="Requests for support from partner systems.",
    urls_namespace="api",
)
