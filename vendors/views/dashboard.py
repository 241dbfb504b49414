"""The shop's dashboard: open a shop, edit its profile, manage its products.

Doors into vendors.services. Every product is fetched through access_vendor_product, so
anyone but its shop's owner gets the 404 a missing product gets.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haat.core.forms import service_errors_onto

from .. import selectors, services
from ..forms import ProductForm, VendorApplyForm, VendorProfileForm
from ..models import Vendor


def _form_page(request, template: str, context: dict):
    # A form with errors answers 400: the phone's browser still shows it, tests see it.
    status = 400 if context["form"].errors else 200
    return render(request, template, context, status=status)


@login_required
def vendor_apply(request):
    """Return the "open a shop" form; on a valid post open the shop, pending approval."""
    if Vendor.objects.filter(owner_id=request.user.pk).exists():
        messages.info(request, _("You already have a shop."))
        return redirect("dashboard")
    form = VendorApplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vendor_apply(
                owner=request.user, data=form.profile_data(), logo=form.cleaned_data["logo"]
            )
        except ValidationError as exc:
            service_errors_onto(form, exc)
        else:
            messages.success(
                request, _("Your shop is open for review. An admin will approve it soon.")
            )
            return redirect("dashboard")
    return _form_page(request, "dashboard/vendor_apply.html", {"form": form})


@login_required
def dashboard(request):
    """Return the shop's overview; a member without a shop is sent to open one."""
    try:
        vendor = selectors.access_own_vendor(request.user)
    except Http404:
        return redirect("vendor_apply")
    return render(
        request,
        "dashboard/overview.html",
        {"vendor": vendor, "counts": selectors.vendor_product_counts(vendor=vendor)},
    )


@login_required
def vendor_edit(request):
    """Return the shop's profile form; on a valid post save it (the web address stays).

    Saving a rejected shop's profile sends it for review again (services.vendor_update).
    """
    vendor = selectors.access_own_vendor(request.user)
    form = VendorProfileForm(
        request.POST or None,
        request.FILES or None,
        initial=VendorProfileForm.initial_for(vendor),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.vendor_update(
                vendor=vendor, data=form.profile_data(), logo=form.cleaned_data["logo"]
            )
        except ValidationError as exc:
            service_errors_onto(form, exc)
        else:
            if vendor.status == Vendor.Status.REJECTED and saved.status == Vendor.Status.PENDING:
                messages.success(
                    request, _("Your shop's profile is saved and sent to the admins for review.")
                )
            else:
                messages.success(request, _("Your shop's profile is saved."))
            return redirect("dashboard")
    return _form_page(request, "dashboard/vendor_edit.html", {"form": form, "vendor": vendor})


@login_required
def dashboard_products(request):
    """Return the shop's own products, listed or not, newest first, 50 a page."""
    vendor = selectors.access_own_vendor(request.user)
    cursor = request.GET.get("after", "")
    page = selectors.vendor_product_page(vendor=vendor, cursor=cursor)
    return render(
        request,
        "dashboard/products.html",
        {
            "vendor": vendor,
            "products": page.products,
            "next_cursor": page.next_cursor,
            "is_first_page": not cursor,
        },
    )


@login_required
def product_create(request):
    """Return the new-product form; on a valid post create it with its photos."""
    vendor = selectors.access_own_vendor(request.user)
    form = ProductForm(
        request.POST or None, request.FILES or None, categories=selectors.category_tree()
    )
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(
                vendor=vendor, data=form.product_data(), images=form.cleaned_data["images"]
            )
        except ValidationError as exc:
            service_errors_onto(form, exc)
        else:
            messages.success(request, _("The product is saved."))
            return redirect("product_edit", pk=product.pk)
    return _form_page(request, "dashboard/product_form.html", {"form": form, "vendor": vendor})


@login_required
def product_edit(request, pk: int):
    """Return a product's form and photos; on a valid post save it and add new photos."""
    product = selectors.access_vendor_product(request.user, pk)
    form = ProductForm(
        request.POST or None,
        request.FILES or None,
        initial=ProductForm.initial_for(product),
        categories=selectors.category_tree(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(
                product=product,
                data=form.product_data(),
                new_images=form.cleaned_data["images"],
            )
        except ValidationError as exc:
            service_errors_onto(form, exc)
        else:
            messages.success(request, _("The product is saved."))
            return redirect("product_edit", pk=product.pk)
    return _form_page(
        request,
        "dashboard/product_form.html",
        {
            "form": form,
            "vendor": product.vendor,
            "product": product,
            "images": list(product.images.order_by("position", "id")),
        },
    )


def _listing_set(request, pk: int, *, active: bool):
    product = selectors.access_vendor_product(request.user, pk)
    try:
        services.product_set_active(product=product, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("dashboard_products")
    if active:
        message = _("“%(title)s” is listed again.")
    else:
        message = _("“%(title)s” is hidden from buyers.")
    messages.success(request, message % {"title": product.title})
    return redirect("dashboard_products")


@login_required
@require_POST
def product_deactivate(request, pk: int):
    """Unlist a product: buyers no longer see it; the shop still does."""
    return _listing_set(request, pk, active=False)


@login_required
@require_POST
def product_activate(request, pk: int):
    """List a product again."""
    return _listing_set(request, pk, active=True)


@login_required
@require_POST
def product_image_delete(request, pk: int, image_pk: int):
    """Delete one photo of a product (its files go once the deletion commits)."""
    product = selectors.access_vendor_product(request.user, pk)
    if not product.images.filter(pk=image_pk).exists():
        raise Http404
    try:
        services.product_image_delete(image_id=image_pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The photo is deleted."))
    return redirect("product_edit", pk=product.pk)


# Where a photo goes: to the front (the cover), or one place up or down.
_MOVES = {"first", "up", "down"}


@login_required
@require_POST
def product_image_move(request, pk: int, image_pk: int):
    """Move one photo to the front (making it the cover) or one place up or down."""
    product = selectors.access_vendor_product(request.user, pk)
    ids = list(product.images.order_by("position", "id").values_list("pk", flat=True))
    if image_pk not in ids:
        raise Http404
    move = request.POST.get("to", "")
    if move in _MOVES:
        i = ids.index(image_pk)
        j = {"first": 0, "up": max(i - 1, 0), "down": min(i + 1, len(ids) - 1)}[move]
        ids.insert(j, ids.pop(i))
        try:
            services.product_images_reorder(product=product, image_ids=ids)
        except ValidationError as exc:
            if exc.code == "suspended":
                messages.error(request, " ".join(exc.messages))
            else:
                # Another tab added or deleted a photo in between: show the fresh order.
                messages.error(request, _("The photos changed meanwhile; please try again."))
    return redirect("product_edit", pk=product.pk)
