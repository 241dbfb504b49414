"""What a member can report: each kind of object registers here.

A kind names its model, how a member's door finds the object (only as members see it:
an unlisted product, a suspended shop or a hidden review is not there to report), how
it is named to reporters and moderators, its page, and what the moderators can do to it
besides dismissing its reports. Questions and messages, once they exist, are one more
``reportable(ReportKind(...))`` each; the Report table needs no change.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from orders import selectors as order_selectors
from orders import services as order_services
from vendors import selectors as vendor_selectors
from vendors import services as vendor_services
from vendors.models import Vendor

from .models import Report

Action = Report.Action
# What an action does to the object: ``apply(target, *, actor, note)``.
Apply = Callable[..., object]


@dataclass(frozen=True)
class ReportKind:
    name: str  # in the report page's URL and the API: "product"
    model: str  # "app_label.Model"
    label: str  # for people: "product"
    # The object with this id as members see it, or None.
    visible: Callable[[int], models.Model | None]
    # The object's name in the reporters' message and the queue (a title, a shop's name).
    name_of: Callable[[models.Model], str]
    page_url: Callable[[models.Model], str]
    # The reporters' message subject, with %(name)s.
    subject: str
    # What moderators can do besides dismissing: Report.Action value -> apply.
    actions: dict[str, Apply] = field(default_factory=dict)
    # What ``name_of`` reads besides the row (the queue fetches it with the objects).
    related: tuple[str, ...] = ()

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def queue_queryset(self):
        """Return the objects' queryset the moderators' queue prefetches from."""
        objects = self.model_class()._default_manager.all()
        # select_related() with no names would follow every foreign key.
        return objects.select_related(*self.related) if self.related else objects


_KINDS: dict[str, ReportKind] = {}


def reportable(kind: ReportKind) -> ReportKind:
    """Register ``kind``: members can report its objects."""
    _KINDS[kind.name] = kind
    return kind


def kinds() -> list[ReportKind]:
    return list(_KINDS.values())


def kind_named(name: str) -> ReportKind:
    """Return the kind called ``name``. Raises KeyError for none."""
    return _KINDS[name]


def kind_of(target) -> ReportKind:
    """Return the kind of ``target`` (an instance or a model). Raises LookupError for a
    model no kind registers."""
    label = target._meta.label
    for kind in _KINDS.values():
        if kind.model == label:
            return kind
    raise LookupError(f"{label} is not reportable")


def reports_delete(sender, instance, **kwargs) -> None:
    """Delete the reports of a deleted object, as a foreign key's cascade would."""
    content_type = ContentType.objects.get_for_model(sender)
    Report.objects.filter(content_type=content_type, object_id=instance.pk).delete()


def connect_receivers() -> None:
    """Follow each reportable model's deletes (ModerationConfig.ready)."""
    for kind in _KINDS.values():
        post_delete.connect(
            reports_delete, sender=kind.model_class(), dispatch_uid=f"moderation.{kind.name}"
        )


# --- the kinds of today -----------------------------------------------------------------


def _unlist(product, *, actor, note) -> None:
    vendor_services.products_unlist(product_ids=[product.pk])


def _hide(review, *, actor, note) -> None:
    order_services.review_hide(review_id=review.pk)


def _suspend(vendor, *, actor, note) -> None:
    # The reason is the moderator's note: the owner reads it (ValidationError if none).
    vendor_services.vendor_suspend(vendor_id=vendor.pk, reason=note, actor=actor)


reportable(
    ReportKind(
        name="product",
        model="vendors.Product",
        label=_("product"),
        visible=vendor_selectors.product_for_page,
        name_of=lambda product: product.title,
        page_url=lambda product: product.get_absolute_url(),
        subject=_("Your report about the product %(name)s"),
        actions={Action.UNLIST: _unlist},
    )
)
reportable(
    ReportKind(
        name="shop",
        model="vendors.Vendor",
        label=_("shop"),
        visible=lambda pk: Vendor.objects.filter(pk=pk, status=Vendor.Status.APPROVED).first(),
        name_of=lambda vendor: vendor.shop_name,
        page_url=lambda vendor: vendor.get_absolute_url(),
        subject=_("Your report about the shop %(name)s"),
        actions={Action.SUSPEND: _suspend},
    )
)
reportable(
    ReportKind(
        name="review",
        model="orders.Review",
        label=_("review"),
        visible=lambda pk: (
            order_selectors.shown_reviews().select_related("vendor").filter(pk=pk).first()
        ),
        name_of=lambda review: review.vendor.shop_name,
        page_url=lambda review: review.vendor.get_absolute_url(),
        subject=_("Your report about a review of %(name)s"),
        actions={Action.HIDE: _hide},
        related=("vendor",),
    )
)
