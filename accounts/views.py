from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .forms import ChangePasswordForm, LoginForm, SignupForm
from .models import User


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def signup(request):
    """Register with a mobile number and a password, then sign in."""
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to the haat!"))
            return redirect(_next_url(request))
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


def login_view(request):
    """Sign in by mobile number and password (attempts are rate-limited)."""
    form = LoginForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        return redirect(_next_url(request))
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": _next_url(request, "")},
        status=400 if form.errors else 200,
    )


@require_POST
def logout_view(request):
    logout(request)
    return redirect("home")


@login_required
def password_change(request):
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


@require_POST
def language_set(request):
    """Switch the site's language (cookie) and remember it on the member's account.

    The account's language is what their SMS and email notifications are written in.
    """
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response
