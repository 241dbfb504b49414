"""What the API reads and says about categories, shops and products.

Input serializers only check the shape of a request (types, lengths, choices); the rules
(a sub-category, one shop per member, photos that are real pictures, …) are the
services'.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.serializers import PhoneField
from haat.core.api.serializers import BodySerializer, QuerySerializer
from vendors.districts import DISTRICT_CHOICES
from vendors.models import Category, Product, ProductImage, Vendor
from vendors.selectors import DIRECTORY_MAX_PAGES
from vendors.services import MAX_PRODUCT_IMAGES, VENDOR_PROFILE_FIELDS

MAX_STOCK = 1_000_000
MAX_BATCH = 1_000_000

PRICE_RANGE_MESSAGE = _("The highest price is below the lowest.")
NO_CATEGORY_MESSAGE = _("There is no category with this slug.")
NO_VENDOR_MESSAGE = _("There is no shop with this slug.")


def absolute_file_url(request, storage, name: str | None) -> str | None:
    """Return the absolute URL of a stored file, or None when there is none."""
    if not name:
        return None
    url = storage.url(name)
    return request.build_absolute_uri(url) if request is not None else url


class MoneyField(serializers.DecimalField):
    """Taka: not negative, at most 12 digits with two decimal places."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)


# --- categories ------------------------------------------------------------------------


class CategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language.")

    class Meta:
        model = Category
        fields = ["id", "slug", "name", "name_bn", "name_en"]
        read_only_fields = fields


class CategoryTreeSerializer(CategorySerializer):
    children = CategorySerializer(source="child_list", many=True, read_only=True)

    class Meta(CategorySerializer.Meta):
        fields = [*CategorySerializer.Meta.fields, "children"]
        read_only_fields = fields


# --- shops -------------------------------------------------------------------------------


class VendorBriefSerializer(serializers.ModelSerializer):
    district_name = serializers.CharField(read_only=True)

    class Meta:
        model = Vendor
        fields = ["slug", "shop_name", "district", "district_name"]
        read_only_fields = fields


class VendorSerializer(serializers.ModelSerializer):
    """An approved shop as anyone sees it."""

    district_name = serializers.CharField(read_only=True)
    logo = serializers.ImageField(read_only=True, allow_null=True)
    payment_methods = serializers.SerializerMethodField(
        help_text="How the shop can be paid: `cod` and the mobile-money services it takes."
    )

    class Meta:
        model = Vendor
        fields = [
            "slug",
            "shop_name",
            "district",
            "district_name",
            "upazila",
            "batch_number",
            "description",
            "logo",
            "payment_methods",
            "delivery_charge_inside",
            "delivery_charge_outside",
            "approved_at",
        ]
        read_only_fields = fields

    def get_payment_methods(self, vendor) -> list[str]:
        return [method for method, _number in vendor.payment_methods()]


class DirectoryVendorSerializer(VendorSerializer):
    haats_sold = serializers.IntegerField(read_only=True, help_text="Haats it has sold in.")

    class Meta(VendorSerializer.Meta):
        fields = [*VendorSerializer.Meta.fields, "haats_sold"]
        read_only_fields = fields


class DirectoryPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="The next page, or null.")
    results = DirectoryVendorSerializer(many=True)


class DirectoryQuerySerializer(QuerySerializer):
    """The shop directory's filters (as on the directory page)."""

    search = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Shop name or upazila."
    )
    district = serializers.ChoiceField(choices=DISTRICT_CHOICES, required=False)
    batch = serializers.IntegerField(required=False, min_value=1, max_value=MAX_BATCH)
    category = serializers.SlugField(
        required=False, max_length=80, help_text="A category's slug; its children count."
    )
    page = serializers.IntegerField(required=False, min_value=1, max_value=DIRECTORY_MAX_PAGES)


class OwnVendorSerializer(serializers.ModelSerializer):
    """The member's own shop, with everything they entered and its status."""

    district_name = serializers.CharField(read_only=True)
    logo = serializers.ImageField(read_only=True, allow_null=True)
    status_reason = serializers.CharField(
        read_only=True,
        help_text="Why the admins rejected or suspended the shop (empty when approved). "
        "Kept while a rejected shop, edited, waits for review again.",
    )

    class Meta:
        model = Vendor
        fields = [
            "id",
            "slug",
            "status",
            "status_reason",
            *VENDOR_PROFILE_FIELDS,
            "district_name",
            "logo",
            "approved_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class VendorProfileSerializer(BodySerializer):
    """A shop's profile as sent to open or edit it (JSON, or multipart with a logo)."""

    shop_name = serializers.CharField(max_length=120)
    district = serializers.ChoiceField(choices=DISTRICT_CHOICES)
    upazila = serializers.CharField(max_length=80)
    batch_number = serializers.IntegerField(min_value=1, max_value=MAX_BATCH)
    phone = PhoneField()
    bkash_number = PhoneField(required=False, allow_blank=True)
    nagad_number = PhoneField(required=False, allow_blank=True)
    rocket_number = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text="11 or 12 digits."
    )
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    delivery_charge_inside = MoneyField(required=False)
    delivery_charge_outside = MoneyField(required=False)
    logo = serializers.FileField(
        required=False, write_only=True, help_text="A JPEG, PNG or WebP picture, at most 10 MB."
    )

    def profile_data(self) -> dict:
        """Return the profile fields sent (VENDOR_PROFILE_FIELDS), without the logo upload."""
        return {k: v for k, v in self.validated_data.items() if k in VENDOR_PROFILE_FIELDS}


# --- products ----------------------------------------------------------------------------


class ProductImageSerializer(serializers.ModelSerializer):
    original = serializers.ImageField(source="image", read_only=True)
    display = serializers.ImageField(read_only=True)
    thumbnail = serializers.ImageField(read_only=True)

    class Meta:
        model = ProductImage
        fields = ["id", "position", "width", "height", "thumbnail", "display", "original"]
        read_only_fields = fields


class CoverMixin(serializers.Serializer):
    thumbnail = serializers.SerializerMethodField(help_text="The cover picture's thumbnail.")

    def get_thumbnail(self, product) -> str | None:
        storage = ProductImage._meta.get_field("thumbnail").storage
        return absolute_file_url(
            self.context.get("request"), storage, getattr(product, "cover_thumbnail", None)
        )


class ProductSerializer(CoverMixin, serializers.ModelSerializer):
    """A product in a list: what a card shows."""

    vendor = VendorBriefSerializer(read_only=True)
    category = CategorySerializer(read_only=True)
    in_stock = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            "id",
            "title",
            "price",
            "unit",
            "stock",
            "in_stock",
            "sold_count",
            "thumbnail",
            "vendor",
            "category",
            "created_at",
        ]
        read_only_fields = fields

    def get_in_stock(self, product) -> bool:
        return product.stock > 0


class ProductDetailSerializer(ProductSerializer):
    """One product with its description and every picture."""

    images = ProductImageSerializer(many=True, read_only=True)
    thumbnail = serializers.SerializerMethodField(help_text="The cover picture's thumbnail.")

    class Meta(ProductSerializer.Meta):
        fields = [*ProductSerializer.Meta.fields, "description", "images"]
        read_only_fields = fields

    def get_thumbnail(self, product) -> str | None:
        images = list(product.images.all())
        if not images:
            return None
        storage = ProductImage._meta.get_field("thumbnail").storage
        return absolute_file_url(self.context.get("request"), storage, images[0].thumbnail.name)


class ProductQuerySerializer(QuerySerializer):
    """The catalogue's filters (those of CatalogueFilterForm), from the query string."""

    ORDERINGS = {"-created": "new", "price": "price", "-price": "-price", "-popularity": "popular"}

    search = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Bengali or English words."
    )
    category = serializers.SlugField(
        required=False, max_length=80, help_text="A category's slug; its children count."
    )
    district = serializers.ChoiceField(choices=DISTRICT_CHOICES, required=False)
    vendor = serializers.SlugField(
        required=False, allow_unicode=True, max_length=140, help_text="A shop's slug."
    )
    min_price = MoneyField(required=False)
    max_price = MoneyField(required=False)
    in_stock = serializers.BooleanField(required=False, default=False)
    ordering = serializers.ChoiceField(
        choices=list(ORDERINGS),
        required=False,
        help_text="Default: best match with `search`, else newest (`-created`).",
    )
    cursor = serializers.CharField(
        required=False, max_length=300, help_text="From the previous page's `next` link."
    )

    def validate(self, attrs):
        low, high = attrs.get("min_price"), attrs.get("max_price")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"max_price": [PRICE_RANGE_MESSAGE]}, code="invalid")
        return attrs

    def sort(self) -> str:
        """Return product_page's sort for the requested ordering."""
        ordering = self.validated_data.get("ordering")
        if ordering is None:
            return "relevance" if self.validated_data.get("search", "").strip() else "new"
        return self.ORDERINGS[ordering]


class KeysetPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="The next page, or null.")


class ProductPageSerializer(KeysetPageSerializer):
    results = ProductSerializer(many=True)


# --- the shop's own products -------------------------------------------------------------


class OwnProductSerializer(CoverMixin, serializers.ModelSerializer):
    """One of the shop's own products, listed or not."""

    category = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "title",
            "description",
            "category",
            "price",
            "unit",
            "stock",
            "is_active",
            "sold_count",
            "thumbnail",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class OwnProductDetailSerializer(OwnProductSerializer):
    images = serializers.SerializerMethodField()

    class Meta(OwnProductSerializer.Meta):
        fields = [*OwnProductSerializer.Meta.fields, "images"]
        read_only_fields = fields

    @extend_schema_field(ProductImageSerializer(many=True))
    def get_images(self, product):
        images = product.images.order_by("position", "id")
        return ProductImageSerializer(images, many=True, context=self.context).data

    def get_thumbnail(self, product) -> str | None:
        first = product.images.order_by("position", "id").first()
        if first is None:
            return None
        storage = ProductImage._meta.get_field("thumbnail").storage
        return absolute_file_url(self.context.get("request"), storage, first.thumbnail.name)


class OwnProductPageSerializer(KeysetPageSerializer):
    results = OwnProductSerializer(many=True)


class ProductInputSerializer(BodySerializer):
    """A product as sent to create or edit it (JSON, or multipart with photos)."""

    title = serializers.CharField(max_length=160)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), help_text="A sub-category's id."
    )
    price = MoneyField()
    unit = serializers.ChoiceField(choices=Product.Unit.choices)
    stock = serializers.IntegerField(min_value=0, max_value=MAX_STOCK)
    # A default, or a multipart form without the field would read as False (unlisted).
    is_active = serializers.BooleanField(
        required=False, default=True, help_text="Listed (shown to buyers)."
    )
    images = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        write_only=True,
        max_length=MAX_PRODUCT_IMAGES,
        help_text="JPEG, PNG or WebP, at most 10 MB each (multipart only). The first is the cover.",
    )

    def product_data(self) -> dict:
        """Return the product fields sent, without the photos."""
        return {k: v for k, v in self.validated_data.items() if k != "images"}


class ImageUploadSerializer(BodySerializer):
    image = serializers.FileField(help_text="A JPEG, PNG or WebP picture, at most 10 MB.")
