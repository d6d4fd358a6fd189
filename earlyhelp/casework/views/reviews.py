"""Reviews of the plan, and the scaling scores over time."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from earlyhelp.casework.actions.reviews import record_review, review_problems
from earlyhelp.casework.forms.reviews import ReviewForm
from earlyhelp.casework.queries import reviews as queries
from earlyhelp.casework.views.common import casework_page
from earlyhelp.core.errors import InvalidInput
from earlyhelp.core.http import form_page, origin_of


@casework_page
@require_GET
def reviews(request: HttpRequest, pk: int) -> HttpResponse:
    page = queries.reviews_page(request.user, pk, by=origin_of(request))
    return render(request, "casework/reviews/reviews.html", {"page": page, "header": page.header})


@casework_page
@require_http_methods(["GET", "POST"])
def review_new(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    if request.method != "POST":
        page = queries.new_review_page(request.user, pk, by=origin_of(request))
        form = ReviewForm(subject=page.subject, today=today)
        return _form_page(request, page, form)
    page = queries.new_review_page(request.user, pk)
    form = ReviewForm(request.POST, subject=page.subject, today=today)
    try:
        if not form.is_valid():
            # What could not be read is shown with every other reason at once.
            raise InvalidInput(review_problems(form.review_input(), page.subject, today))
        made = record_review(page.subject.episode, form.review_input(), by=origin_of(request))
    except InvalidInput as exc:
        form.add_problems(exc.problems)
        return _form_page(request, page, form)
    messages.success(request, f"The review held on {queries.long_date(made.held_on)} is "
                              "recorded.")
    return redirect("casework:review", pk=pk, review_id=made.pk)


def _form_page(request: HttpRequest, page: queries.NewReviewPage, form: ReviewForm) -> HttpResponse:
    return form_page(request, "casework/reviews/new.html", {
        "page": page, "header": page.header, "form": form,
        "needs": form.need_rows(), "actions": form.action_rows(),
    }, form)


@casework_page
@require_GET
def review(request: HttpRequest, pk: int, review_id: int) -> HttpResponse:
    page = queries.review_page(request.user, pk, review_id, by=origin_of(request))
    return render(request, "casework/reviews/review.html", {"page": page, "header": page.header})


urlpatterns = [
    path("episodes/<int:pk>/reviews/", reviews, name="reviews"),
    path("episodes/<int:pk>/reviews/new/", review_new, name="review_new"),
    path("episodes/<int:pk>/reviews/<int:review_id>/", review, name="review"),
]
