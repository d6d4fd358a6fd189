"""Reviews of the plan, and the scaling scores over time."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def reviews(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def review_new(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def review(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


urlpatterns = [
    path("episodes/<int:pk>/reviews/", reviews, name="reviews"),
    path("episodes/<int:pk>/reviews/new/", review_new, name="review_new"),
    path("episodes/<int:pk>/reviews/<int:review_id>/", review, name="review"),
]
