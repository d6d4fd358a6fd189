"""Signing in and out, the second factor, and the user's own account page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from earlyhelp.access import actions, second_factor
from earlyhelp.access.forms import CodeForm, SetUpCodeForm, SignInForm
from earlyhelp.access.models import User
from earlyhelp.core.errors import InvalidInput


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, target: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': target})}"


class SignInView(auth_views.LoginView):
    """Django's own sign-in view: it passes the request to authenticate(), which the
    lockout needs to count failures."""

    template_name = "access/login.html"
    authentication_form = SignInForm

    def get_success_url(self) -> str:
        target = super().get_success_url()
        if not second_factor.must_verify(self.request):
            return target
        if second_factor.confirmed_device(self.request.user) is None:
            return _with_next("second_factor_set_up", target)
        return _with_next("second_factor", target)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["errors"] = context["form"].error_summary()
        return context


class SignOutView(auth_views.LogoutView):
    next_page = "login"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out")
        return response


@login_required
def verify_code(request: HttpRequest) -> HttpResponse:
    target = _next_url(request)
    if not second_factor.must_verify(request) and second_factor.is_verified(request.user):
        return redirect(target)
    if second_factor.confirmed_device(request.user) is None:
        return redirect(_with_next("second_factor_set_up", target))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        form.is_valid()
        try:
            actions.verify_second_factor(request, form.cleaned_data.get("code", ""))
        except InvalidInput as refusal:
            if not request.user.is_authenticated:
                # Locked out by that attempt; the lockout page replaces this response.
                return redirect("login")
            form.add_problems(refusal.problems)
        else:
            return redirect(target)
    return render(request, "access/verify.html",
                  {"form": form, "errors": form.error_summary(), "next": target})


@login_required
def set_up_code(request: HttpRequest) -> HttpResponse:
    target = _next_url(request)
    if second_factor.confirmed_device(request.user) is not None:
        if second_factor.must_verify(request):
            return redirect(_with_next("second_factor", target))
        return redirect("account")
    device = actions.start_second_factor(request.user)
    form = SetUpCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        form.is_valid()
        try:
            actions.confirm_second_factor(request, device, form.cleaned_data.get("code", ""))
        except InvalidInput as refusal:
            if not request.user.is_authenticated:
                # Locked out by that attempt; the lockout page replaces this response.
                return redirect("login")
            form.add_problems(refusal.problems)
        else:
            messages.success(request, "Your second factor is set up")
            return redirect(target)
    # Signed in (login_required), and a lockout by the code just tried has returned above.
    assert isinstance(request.user, User)
    return render(request, "access/set_up.html", {
        "form": form,
        "errors": form.error_summary(),
        "next": target,
        "qr_code": second_factor.qr_code_svg(device),
        "manual_key": second_factor.manual_key(device),
        "required": request.user.needs_second_factor,
    })


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "access/account.html", {
        "has_second_factor": second_factor.confirmed_device(request.user) is not None,
    })
