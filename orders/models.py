from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.phone import validate_phone
from haat.core.pagecache import CatalogueQuerySet
from vendors.districts import DISTRICT_CHOICES
from vendors.payments import PaymentMethod

MONEY = {"max_digits": 12, "decimal_places": 2}


class Cart(models.Model):
    """A signed-in member's cart; may hold products of many shops."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cart",
        verbose_name=_("member"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self):
        return f"{self.user}"


# The most of one product in one cart line or order line (forms, API and services).
MAX_QUANTITY = 999


class CartItem(models.Model):
    cart = models.ForeignKey(
        Cart, on_delete=models.CASCADE, related_name="items", verbose_name=_("cart")
    )
    product = models.ForeignKey(
        "vendors.Product",
        on_delete=models.CASCADE,
        related_name="cart_items",
        verbose_name=_("product"),
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    # The price the buyer saw when adding: a later change must be confirmed at checkout.
    unit_price_seen = models.DecimalField(_("price when added"), **MONEY)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("cart item")
        verbose_name_plural = _("cart items")
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="cartitem_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="cartitem_quantity_min"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product_id}"

    @property
    def unit_price(self):
        """Return the price the buyer will pay: the product's current price."""
        return self.product.price

    @property
    def price_changed(self) -> bool:
        return self.product.price != self.unit_price_seen


class Checkout(models.Model):
    """One buyer's checkout: groups the orders (one per shop) it created."""

    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="checkouts",
        verbose_name=_("buyer"),
    )
    # Sent with the request (form field or Idempotency-Key header): a retry with the same
    # key finds this row and creates nothing new.
    idempotency_key = models.CharField(_("idempotency key"), max_length=64)
    # A digest of the contact and payment choices sent with the key: the same key with
    # other details is refused (orders.services.checkout).
    request_fingerprint = models.CharField(
        _("request fingerprint"),
        max_length=64,
        blank=True,
        default="",
        db_default="",  # rows written by COPY (bench data) get it too
        editable=False,
    )
    session = models.ForeignKey(
        "haat.HaatSession",
        on_delete=models.PROTECT,
        related_name="checkouts",
        verbose_name=_("haat"),
    )
    total = models.DecimalField(_("total (৳)"), default=Decimal("0"), **MONEY)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("checkout")
        verbose_name_plural = _("checkouts")
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "idempotency_key"], name="checkout_idempotency_key"
            ),
        ]

    def __str__(self):
        return f"#{self.pk}"


class Order(models.Model):
    """What one buyer bought from one shop in one checkout."""

    class Status(models.TextChoices):
        PLACED = "placed", _("Placed")
        CONFIRMED = "confirmed", _("Confirmed")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    # The ways a shop can be paid are the shop's to say (vendors.models).
    PaymentMethod = PaymentMethod

    # Allowed status changes; the order service refuses any other.
    TRANSITIONS = {
        Status.PLACED: {Status.CONFIRMED, Status.CANCELLED},
        Status.CONFIRMED: {Status.SHIPPED, Status.CANCELLED},
        Status.SHIPPED: {Status.DELIVERED, Status.CANCELLED},
        Status.DELIVERED: set(),
        Status.CANCELLED: set(),
    }

    checkout = models.ForeignKey(
        Checkout, on_delete=models.PROTECT, related_name="orders", verbose_name=_("checkout")
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("buyer"),
    )
    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.PROTECT, related_name="orders", verbose_name=_("shop")
    )
    session = models.ForeignKey(
        "haat.HaatSession", on_delete=models.PROTECT, related_name="orders", verbose_name=_("haat")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLACED
    )
    payment_method = models.CharField(
        _("payment method"), max_length=10, choices=PaymentMethod.choices
    )
    transaction_id = models.CharField(_("transaction ID"), max_length=32, blank=True)
    paid_at = models.DateTimeField(_("payment confirmed at"), null=True, blank=True)
    # Delivery details, copied from the checkout so each shop reads its order alone.
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=11, validators=[validate_phone])
    district = models.CharField(_("district"), max_length=32, choices=DISTRICT_CHOICES)
    address = models.TextField(_("address"))
    note = models.TextField(_("note"), blank=True)
    subtotal = models.DecimalField(_("subtotal (৳)"), **MONEY)
    delivery_charge = models.DecimalField(_("delivery charge (৳)"), default=Decimal("0"), **MONEY)
    total = models.DecimalField(_("total (৳)"), **MONEY)
    # Zero by design, recorded so that every report can show it.
    commission = models.DecimalField(_("commission (৳)"), default=Decimal("0"), **MONEY)
    courier = models.CharField(_("courier"), max_length=80, blank=True)
    tracking_code = models.CharField(_("tracking code"), max_length=80, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("placed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["checkout", "vendor"], name="order_one_per_vendor"),
            # One mobile-money transaction pays for one order only.
            models.UniqueConstraint(
                fields=["payment_method", "transaction_id"],
                condition=~Q(transaction_id=""),
                name="order_transaction_id_once",
            ),
            models.CheckConstraint(condition=Q(commission=0), name="order_zero_commission"),
            models.CheckConstraint(
                condition=Q(subtotal__gte=0) & Q(delivery_charge__gte=0) & Q(total__gte=0),
                name="order_amounts_not_negative",
            ),
        ]
        indexes = [
            # Vendor dashboard: incoming orders by status, newest first.
            models.Index(fields=["vendor", "status", "-created_at"], name="order_vendor_status"),
            # Vendor dashboard by haat, and the session summary at close.
            models.Index(fields=["session", "vendor"], name="order_session_vendor"),
            models.Index(fields=["session", "status"], name="order_session_status"),
            # "My orders".
            models.Index(fields=["buyer", "-created_at"], name="order_buyer_created"),
        ]

    def __str__(self):
        return f"#{self.pk}"

    def get_absolute_url(self):
        return reverse("order", kwargs={"pk": self.pk})

    @property
    def pay_to_number(self) -> str:
        """Return the shop's number the buyer sends mobile money to ("" for cash)."""
        return self.vendor.payment_number(self.payment_method)

    @property
    def accepts_transaction_id(self) -> bool:
        """Whether the buyer may still send (or correct) a mobile-money transaction ID.

        Not once paid or cancelled; and a cash-on-delivery order switches to mobile money
        only before it ships (after that the cash is at the door).
        """
        if self.paid_at or self.status == self.Status.CANCELLED:
            return False
        return self.payment_method != self.PaymentMethod.COD or self.status in {
            self.Status.PLACED,
            self.Status.CONFIRMED,
        }


class OrderItem(models.Model):
    """A line of an order, with the title and price as they were when bought."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="items", verbose_name=_("order")
    )
    product = models.ForeignKey(
        "vendors.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="order_items",
        verbose_name=_("product"),
    )
    title = models.CharField(_("title"), max_length=160)
    unit = models.CharField(_("unit"), max_length=10)
    unit_price = models.DecimalField(_("unit price (৳)"), **MONEY)
    quantity = models.PositiveIntegerField(_("quantity"))
    line_total = models.DecimalField(_("line total (৳)"), **MONEY)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="orderitem_quantity_min"),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0) & Q(line_total__gte=0),
                name="orderitem_amounts_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.title}"


class OrderEvent(models.Model):
    """A change of an order's status: who, when, from what to what."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="events", verbose_name=_("order")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(
        _("from"), max_length=10, choices=Order.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=Order.Status.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.order_id}: {self.from_status or '∅'} → {self.to_status}"


class Review(models.Model):
    """A buyer's rating of a shop after a delivered order: once per order, one reply."""

    order = models.OneToOneField(
        Order, on_delete=models.CASCADE, related_name="review", verbose_name=_("order")
    )
    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.CASCADE, related_name="reviews", verbose_name=_("shop")
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("buyer"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    text = models.TextField(_("review"), max_length=2000, blank=True)
    reply = models.TextField(_("shop's reply"), max_length=2000, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    # Hidden by a moderator (haat.moderation): off the shop's page, still in its average.
    hidden = models.BooleanField(_("hidden"), default=False, db_default=False)

    # Bulk writes retire the cached pages that show these rows (haat.core.pagecache).
    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="review_rating_1_to_5"
            ),
        ]
        # The shop page lists its reviews, newest first.
        indexes = [models.Index(fields=["vendor", "-created_at"], name="review_vendor_new")]

    def __str__(self):
        return f"{self.rating}★ {self.vendor_id}"
