import re
import unicodedata
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.phone import validate_phone
from haat.core.pagecache import CatalogueQuerySet
from haat.core.text import lookalike_key

from .districts import DISTRICT_CHOICES, district_name
from .payments import MOBILE_MONEY_FIELDS, PaymentMethod
from .querysets import ProductQuerySet, VendorQuerySet

# Letters, digits, "_" and "-" of any script, plus the Bengali block whole: Django's
# unicode slug rule (\w) drops Bengali vowel signs, which would garble a shop's name.
SHOP_SLUG_PATTERN = r"^[-\w\u0980-\u09FF]+\Z"
validate_shop_slug = RegexValidator(
    SHOP_SLUG_PATTERN, _("Use letters, numbers, hyphens or underscores."), code="invalid_slug"
)


def shop_slugify(value: str) -> str:
    """Return a URL slug of a shop name, keeping Bengali words whole (রহিমার-রান্নাঘর)."""
    value = unicodedata.normalize("NFC", str(value)).lower()
    value = re.sub(r"[^\w\s\u0980-\u09FF-]", "", value)
    return re.sub(r"[-\s]+", "-", value).strip("-_")


def _random_name(folder: str, filename: str) -> str:
    # Never trust the uploaded name: a random one, the extension we chose when re-encoding.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{folder}/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}.{ext}"


def logo_upload_to(instance, filename):
    return _random_name("logos", filename)


def product_image_upload_to(instance, filename):
    return _random_name("products", filename)


class Category(models.Model):
    """A catalogue category; two levels (a top category and its children)."""

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent category"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_bn = models.CharField(_("name (Bengali)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    # Bulk writes retire the cached pages that show these rows (haat.core.pagecache).
    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name_en"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="category_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("category", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        """Return the name in the active language."""
        return self.name_en if (get_language() or "bn").startswith("en") else self.name_bn

    def clean(self):
        if self.parent_id and self.parent.parent_id:
            raise ValidationError(
                {"parent": _("Categories have two levels: choose a top-level parent.")}
            )
        if self.pk and self.parent_id and self.children.exists():
            raise ValidationError(
                {"parent": _("A category with sub-categories cannot itself have a parent.")}
            )


SHOP_NAME_TAKEN = _("A shop with a name like this one is already open here: choose another name.")


class Vendor(models.Model):
    """A member's shop (উদ্যোক্তা): sells only once approved."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")

    # Allowed status changes (vendors.services.shops): moderators approve, reject and
    # suspend; the owner of a rejected shop reapplies (back to pending) by editing it. A
    # suspended shop comes back only through a moderator's approval.
    TRANSITIONS = {
        Status.PENDING: {Status.APPROVED, Status.REJECTED, Status.SUSPENDED},
        Status.APPROVED: {Status.SUSPENDED},
        Status.REJECTED: {Status.PENDING, Status.APPROVED, Status.SUSPENDED},
        Status.SUSPENDED: {Status.APPROVED},
    }

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="vendor",
        verbose_name=_("owner"),
    )
    shop_name = models.CharField(_("shop name"), max_length=120)
    # What the name looks like (haat.core.text.lookalike_key), kept by save(): two shops
    # never look alike ("Rahima's Kitchen" and "Rahima\u200bs kitchen").
    shop_name_key = models.CharField(max_length=120, default="", db_default="", editable=False)
    slug = models.CharField(_("slug"), max_length=140, unique=True, validators=[validate_shop_slug])
    phone = models.CharField(_("shop phone"), max_length=11, validators=[validate_phone])
    district = models.CharField(_("district"), max_length=32, choices=DISTRICT_CHOICES)
    upazila = models.CharField(_("upazila"), max_length=80)
    batch_number = models.PositiveIntegerField(
        _("training batch"), help_text=_("The training batch the entrepreneur joined with.")
    )
    bkash_number = models.CharField(
        _("bKash number"), max_length=11, blank=True, validators=[validate_phone]
    )
    nagad_number = models.CharField(
        _("Nagad number"), max_length=11, blank=True, validators=[validate_phone]
    )
    rocket_number = models.CharField(
        _("Rocket number"), max_length=12, blank=True, help_text=_("11 or 12 digits.")
    )
    logo = models.ImageField(_("logo"), upload_to=logo_upload_to, blank=True)
    description = models.TextField(_("about the shop"), blank=True)
    delivery_charge_inside = models.DecimalField(
        _("delivery charge inside own district"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("60.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    delivery_charge_outside = models.DecimalField(
        _("delivery charge outside own district"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("120.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # The moderators' last word on the status (vendors.services.shops): why it was
    # rejected or suspended, by whom and when. Reapplying changes the status alone, so
    # the owner still reads the reason while the shop waits for review again.
    status_reason = models.TextField(
        _("reason for the status"), blank=True, default="", db_default=""
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status changed by"),
    )
    # Kept by the review service, so the directory sorts and shows ratings without
    # aggregating reviews on every page.
    rating_avg = models.DecimalField(
        _("average rating"), max_digits=3, decimal_places=2, null=True, blank=True, editable=False
    )
    rating_count = models.PositiveIntegerField(_("reviews"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Bulk writes retire the cached pages that show these rows (haat.core.pagecache).
    objects = VendorQuerySet.as_manager()

    class Meta:
        verbose_name = _("shop")
        verbose_name_plural = _("shops")
        ordering = ["shop_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(delivery_charge_inside__gte=0) & Q(delivery_charge_outside__gte=0),
                name="vendor_delivery_charges_not_negative",
            ),
            # The owner of a rejected shop is always told why (vendor_reject).
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(status_reason=""),
                name="vendor_rejected_has_reason",
            ),
            # A name of signs only has no key: such names are not compared.
            models.UniqueConstraint(
                fields=["shop_name_key"],
                condition=~Q(shop_name_key=""),
                name="vendor_shop_name_lookalike",
            ),
        ]
        indexes = [
            # Directory and catalogue filters: approved shops by district / batch.
            models.Index(fields=["status", "district"], name="vendor_status_district"),
            models.Index(fields=["status", "batch_number"], name="vendor_status_batch"),
        ]

    def __str__(self):
        return self.shop_name

    def save(self, *args, **kwargs):
        self.shop_name_key = lookalike_key(self.shop_name)
        fields = kwargs.get("update_fields")
        if fields is not None and "shop_name" in fields:
            kwargs["update_fields"] = {*fields, "shop_name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("vendor", kwargs={"slug": self.slug})

    def clean(self):
        self.shop_name_key = lookalike_key(self.shop_name)
        if self.name_taken():
            raise ValidationError({"shop_name": SHOP_NAME_TAKEN}, code="shop_name_taken")

    def name_taken(self) -> bool:
        """Return whether another shop's name looks like this one's."""
        key = lookalike_key(self.shop_name)
        return bool(key) and Vendor.objects.filter(shop_name_key=key).exclude(pk=self.pk).exists()

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def district_name(self) -> str:
        return district_name(self.district)

    def payment_number(self, method: str) -> str:
        """Return the shop's number for a mobile-money ``method`` ("" for cash or none)."""
        field = MOBILE_MONEY_FIELDS.get(method)
        return getattr(self, field) if field else ""

    def payment_methods(self) -> list[tuple[str, str]]:
        """Return the ways this shop can be paid, as (method, number): cash on delivery
        (no number), then each mobile-money service it has a number for."""
        return [(PaymentMethod.COD, "")] + [
            (method, getattr(self, field))
            for method, field in MOBILE_MONEY_FIELDS.items()
            if getattr(self, field)
        ]

    def takes_payment(self, method: str) -> bool:
        """Return whether the shop can be paid by ``method``."""
        return method == PaymentMethod.COD or bool(self.payment_number(method))


class Follow(models.Model):
    """A member follows a shop, to be told when the haat opens."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("member"),
    )
    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="follows", verbose_name=_("shop")
    )
    created_at = models.DateTimeField(_("followed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "vendor"], name="follow_once"),
        ]
        indexes = [models.Index(fields=["vendor", "user"], name="follow_vendor_user")]

    def __str__(self):
        return f"{self.user_id} → {self.vendor_id}"


class Product(models.Model):
    """Something a shop sells. Shown and sold only when active and the shop approved."""

    class Unit(models.TextChoices):
        PIECE = "piece", _("piece")
        KG = "kg", _("kg")
        GRAM = "gram", _("gram")
        LITRE = "litre", _("litre")
        DOZEN = "dozen", _("dozen")
        PAIR = "pair", _("pair")
        SET = "set", _("set")
        METRE = "metre", _("metre")
        PACKET = "packet", _("packet")
        BOX = "box", _("box")
        JAR = "jar", _("jar")

    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="products", verbose_name=_("shop")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    price = models.DecimalField(
        _("price (৳)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.PIECE)
    stock = models.PositiveIntegerField(_("stock"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # Title, description, shop and category names (both languages), kept by
    # vendors.search: full-text and trigram GIN indexes on PostgreSQL (migration 0004).
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    # Units sold, kept by checkout: the "popular" sort reads it without an aggregate.
    sold_count = models.PositiveIntegerField(_("units sold"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Bulk writes retire the cached pages that show these rows (haat.core.pagecache).
    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="product_price_not_negative"),
            models.CheckConstraint(condition=Q(stock__gte=0), name="product_stock_not_negative"),
        ]
        indexes = [
            # The vendor dashboard's list of its own products.
            models.Index(fields=["vendor", "-created_at"], name="product_vendor_created"),
            # Catalogue listings: active products by category / newest / price.
            models.Index(fields=["category", "is_active", "-created_at"], name="product_cat_new"),
            models.Index(fields=["is_active", "-created_at", "-id"], name="product_active_new"),
            models.Index(fields=["is_active", "price"], name="product_active_price"),
            models.Index(fields=["is_active", "-sold_count"], name="product_active_popular"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("product", kwargs={"pk": self.pk})


class ProductImage(models.Model):
    """One photo of a product, stored re-encoded with a thumbnail and a display copy."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("product")
    )
    image = models.ImageField(
        _("image"), upload_to=product_image_upload_to, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(_("thumbnail"), upload_to=product_image_upload_to)
    display = models.ImageField(_("display size"), upload_to=product_image_upload_to)
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    # Lowest position first; the first image is the cover.
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Bulk writes retire the cached pages that show these rows (haat.core.pagecache).
    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["product", "position"], name="productimage_order")]

    def __str__(self):
        return f"{self.product_id} #{self.position}"
