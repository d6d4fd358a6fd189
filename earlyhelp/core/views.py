"""The home page: send each user to where their work is."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from earlyhelp.access import rules


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if rules.works_front_door(request.user):
        return redirect("referrals:queue")
    if rules.works_cases(request.user):
        return redirect("casework:my_families")
    if rules.is_taf_partner_by_role(request.user):
        return redirect("casework:supporting")
    if rules.can_submit_requests(request.user):
        return redirect("referrals:mine")
    if rules.sees_performance(request.user):
        return redirect("performance:dashboard")
    return render(request, "core/home.html")
