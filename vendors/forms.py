from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import PhoneField
from accounts.phone import to_ascii_digits

from .districts import DISTRICT_CHOICES
from .models import Category, Product, validate_shop_slug
from .services import MAX_PRODUCT_IMAGES, rocket_number_normalise


class CatalogueFilterForm(forms.Form):
    """The product list's filters, read from the query string; bad values are dropped."""

    SORT_CHOICES = [
        ("relevance", _("Best match")),
        ("new", _("Newest")),
        ("price", _("Price: low to high")),
        ("-price", _("Price: high to low")),
        ("popular", _("Popular")),
    ]

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.SlugField(required=False, widget=forms.HiddenInput)
    district = forms.ChoiceField(
        label=_("District"), required=False, choices=[("", _("All districts"))] + DISTRICT_CHOICES
    )
    vendor = forms.CharField(
        required=False, max_length=140, widget=forms.HiddenInput, validators=[validate_shop_slug]
    )
    min_price = forms.DecimalField(
        label=_("Lowest price"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    max_price = forms.DecimalField(
        label=_("Highest price"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    in_stock = forms.BooleanField(label=_("In stock only"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)
    after = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_price"), cleaned.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", _("The highest price is below the lowest."))
        return cleaned

    def filters(self) -> dict:
        """Return the valid filters (a field with an error is left out, never a 500)."""
        self.is_valid()
        data = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        sort = data.get("sort") or ("relevance" if data.get("q") else "new")
        if sort == "relevance" and not data.get("q"):
            sort = "new"
        return {
            "query": data.get("q") or "",
            "district": data.get("district") or "",
            "min_price": data.get("min_price"),
            "max_price": data.get("max_price"),
            "in_stock": bool(data.get("in_stock")),
            "sort": sort,
            "cursor": data.get("after") or "",
            "category_slug": data.get("category") or "",
            "vendor_slug": data.get("vendor") or "",
        }


# --- the shop's dashboard -----------------------------------------------------------------


class LocalDigitsMixin:
    """Read Bengali digits (০-৯) as ASCII ones: members type on Bengali keyboards."""

    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value).strip()
        return super().to_python(value)


class AmountField(LocalDigitsMixin, forms.DecimalField):
    """Taka, not negative, two decimal places; a text box with the phone's number pad."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        # A text input: type=number would drop Bengali digits in the browser.
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)


class CountField(LocalDigitsMixin, forms.IntegerField):
    """A whole number, not negative, typed with the phone's number pad."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)


class RocketNumberField(forms.CharField):
    """A Rocket account number: 11 or 12 digits, Bengali digits accepted."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value):
        return rocket_number_normalise(super().clean(value))


class PictureInput(forms.FileInput):
    """A file box that offers the phone's gallery and camera for pictures."""

    def __init__(self, attrs=None):
        super().__init__({"accept": "image/jpeg,image/png,image/webp", **(attrs or {})})


class MultiplePictureInput(PictureInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several uploaded files; cleans to a list (empty when none was chosen).

    Each file is only checked to be a file here: whether it is a picture is the image
    pipeline's decision (vendors.images), taken in the service.
    """

    def __init__(self, *, max_files: int, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("widget", MultiplePictureInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [f for f in files if f]
        if len(files) > self.max_files:
            raise ValidationError(
                _("Choose at most %(limit)d photos."),
                code="too_many_files",
                params={"limit": self.max_files},
            )
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        single_clean = super().clean
        return [single_clean(f, initial) for f in files]


class VendorApplyForm(forms.Form):
    """The "open a shop" form; the same fields edit the profile later."""

    shop_name = forms.CharField(label=_("Shop name"), max_length=120)
    district = forms.ChoiceField(
        label=_("District"), choices=[("", _("Choose your district"))] + DISTRICT_CHOICES
    )
    upazila = forms.CharField(label=_("Upazila"), max_length=80)
    batch_number = CountField(label=_("Training batch number"), min_value=1, max_value=1_000_000)
    phone = PhoneField(label=_("Shop phone"))
    bkash_number = PhoneField(label=_("bKash number"), required=False)
    nagad_number = PhoneField(label=_("Nagad number"), required=False)
    rocket_number = RocketNumberField(
        label=_("Rocket number"), required=False, help_text=_("11 or 12 digits.")
    )
    description = forms.CharField(
        label=_("About the shop"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=PictureInput,
        help_text=_("A JPEG, PNG or WebP picture, at most 10 MB."),
    )
    delivery_charge_inside = AmountField(
        label=_("Delivery charge inside your district (৳)"), initial=Decimal("60")
    )
    delivery_charge_outside = AmountField(
        label=_("Delivery charge outside your district (৳)"), initial=Decimal("120")
    )

    def profile_data(self) -> dict:
        """Return the cleaned profile fields, without the logo upload."""
        return {k: v for k, v in self.cleaned_data.items() if k != "logo"}


class VendorProfileForm(VendorApplyForm):
    """The shop's profile, edited from the dashboard (the web address stays)."""

    logo = forms.FileField(
        label=_("New logo"),
        required=False,
        widget=PictureInput,
        help_text=_("Leave empty to keep the current logo."),
    )

    @classmethod
    def initial_for(cls, vendor) -> dict:
        """Return the form's initial values from the shop."""
        return {name: getattr(vendor, name) for name in cls.base_fields if name != "logo"}


class LeafCategoryField(forms.ModelChoiceField):
    """A sub-category, offered grouped under its top category."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Category.objects.filter(parent__isnull=False), **kwargs)

    def set_grouped_choices(self, tree) -> None:
        """Offer ``tree``'s children (from category_tree()) under their parents' names."""
        self.choices = [("", self.empty_label)] + [
            (top.name, [(child.pk, child.name) for child in top.child_list])
            for top in tree
            if top.child_list
        ]


class ProductForm(forms.Form):
    """A product's fields and new photos, for creating and editing."""

    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    category = LeafCategoryField(label=_("Category"), empty_label=_("Choose a category"))
    price = AmountField(label=_("Price (৳)"))
    unit = forms.ChoiceField(label=_("Unit"), choices=Product.Unit.choices)
    stock = CountField(label=_("Stock"), max_value=1_000_000, initial=1)
    is_active = forms.BooleanField(
        label=_("Listed (shown to buyers)"), required=False, initial=True
    )
    images = MultipleFileField(
        label=_("Photos"),
        max_files=MAX_PRODUCT_IMAGES,
        help_text=_("JPEG, PNG or WebP, at most 10 MB each. The first photo is the cover."),
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The cached tree: the list of choices costs no query.
        self.fields["category"].set_grouped_choices(categories)

    @classmethod
    def initial_for(cls, product) -> dict:
        """Return the form's initial values from the product."""
        return {name: getattr(product, name) for name in cls.base_fields if name != "images"} | {
            "category": product.category_id
        }

    def product_data(self) -> dict:
        """Return the cleaned product fields, without the photos."""
        return {k: v for k, v in self.cleaned_data.items() if k != "images"}


class DirectoryFilterForm(forms.Form):
    """The member directory's filters, read from the query string."""

    q = forms.CharField(label=_("Shop or upazila"), required=False, max_length=100)
    district = forms.ChoiceField(
        label=_("District"), required=False, choices=[("", _("All districts"))] + DISTRICT_CHOICES
    )
    batch = forms.IntegerField(
        label=_("Training batch"), required=False, min_value=1, max_value=100000
    )
    category = forms.SlugField(label=_("Category"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=1000, widget=forms.HiddenInput)
