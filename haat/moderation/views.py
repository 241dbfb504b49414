"""The report page: a signed-in member reports a product, a shop or a review.

The pages it is linked from are kept whole for everyone (haat.core.pagecache), so the
link there is the same plain link for all; this page is the member's own, never kept.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haat.core.forms import service_errors_onto

from . import selectors, services
from .errors import AlreadyReported
from .forms import ReportForm
from .kinds import kind_named


@login_required
@require_http_methods(["GET", "POST"])
def report(request, kind: str, pk: int):
    """Return the report form for a visible object; a valid post reports it once."""
    try:
        report_kind = kind_named(kind)
    except KeyError as exc:
        raise Http404 from exc
    target = report_kind.visible(pk)
    if target is None:
        raise Http404
    already = selectors.has_reported(request.user, target)
    form = ReportForm(request.POST if request.method == "POST" and not already else None)
    if form.is_bound and form.is_valid():
        try:
            services.report_create(reporter=request.user, target=target, **form.cleaned_data)
        except AlreadyReported:
            already = True
        except ValidationError as exc:
            service_errors_onto(form, exc)
        else:
            messages.success(request, _("Thank you. The moderators will look at your report."))
            return redirect(report_kind.page_url(target))
    context = {
        "kind": report_kind,
        "target": target,
        "name": report_kind.name_of(target),
        "page_url": report_kind.page_url(target),
        "form": form,
        "already": already,
    }
    return render(request, "moderation/report.html", context, status=400 if form.errors else 200)
