"""The member directory and following shops."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import DirectoryFilterForm
from ..models import Vendor


def directory(request):
    """Return the directory of approved shops: by batch, district, category, name."""
    form = DirectoryFilterForm(request.GET)
    form.is_valid()
    data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    category = (
        selectors.category_by_slug(data.get("category") or "") if data.get("category") else None
    )
    page = data.get("page") or 1
    vendors, has_next = selectors.directory_page(
        query=data.get("q") or "",
        district=data.get("district") or "",
        batch=data.get("batch"),
        category=category,
        page=page,
    )
    params = request.GET.copy()
    params["page"] = page + 1
    return render(
        request,
        "vendors/directory.html",
        {
            "form": form,
            "vendors": vendors,
            "next_query": params.urlencode() if has_next else None,
            "categories": selectors.category_tree(),
        },
    )


@login_required
@require_POST
def follow(request, slug: str):
    vendor = selectors.approved_vendor(slug)
    if vendor is None:
        raise Http404
    try:
        services.follow_vendor(user=request.user, vendor_id=vendor.pk)
    except Vendor.DoesNotExist as exc:
        raise Http404 from exc
    messages.success(request, _("You will be told when the haat opens."))
    return redirect(vendor.get_absolute_url())


@login_required
@require_POST
def unfollow(request, slug: str):
    vendor = selectors.approved_vendor(slug)
    if vendor is None:
        raise Http404
    services.unfollow_vendor(user=request.user, vendor_id=vendor.pk)
    return redirect(vendor.get_absolute_url())
