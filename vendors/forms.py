from django import forms
from django.utils.translation import gettext_lazy as _

from .districts import DISTRICT_CHOICES


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
    vendor = forms.SlugField(required=False, widget=forms.HiddenInput, allow_unicode=True)
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
