import re
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import PhoneField
from vendors.districts import DISTRICT_CHOICES

from .models import MAX_QUANTITY, Order

Method = Order.PaymentMethod
_PAYMENT_FIELD = re.compile(r"payment_[0-9]{1,18}")


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=0,
        max_value=MAX_QUANTITY,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "style": "width:5rem"}),
    )


def payment_choices(vendor) -> list[tuple[str, str]]:
    """Return the shop's ways to be paid as form choices: "bKash (01…)"."""
    return [
        (method, f"{Method(method).label} ({number})" if number else Method(method).label)
        for method, number in vendor.payment_methods()
    ]


class CheckoutForm(forms.Form):
    """Contact and delivery details, and a payment method per shop in the cart."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    name = forms.CharField(label=_("Name"), max_length=120)
    phone = PhoneField()
    district = forms.ChoiceField(
        label=_("District"), choices=[("", _("Choose your district"))] + DISTRICT_CHOICES
    )
    address = forms.CharField(
        label=_("Address"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(
        label=_("Note for the shops"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, vendors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.vendors = list(vendors)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
        for vendor in self.vendors:
            self.fields[f"payment_{vendor.pk}"] = forms.ChoiceField(
                label=_("How will you pay %(shop)s?") % {"shop": vendor.shop_name},
                choices=payment_choices(vendor),
                initial=Method.COD,
                required=False,
                widget=forms.RadioSelect,
            )

    def payment_fields(self):
        return [self[f"payment_{vendor.pk}"] for vendor in self.vendors]

    def contact(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("name", "phone", "district", "address", "note")}

    def payments(self) -> dict[int, str]:
        """Return the payment choices as sent, by shop id: those of the shops in the cart
        (checked by the form) and any other the page sent. The checkout service refuses a
        shop not in the cart, and compares a retry's choices with the first's: a retry
        finds the cart empty, so its choices cannot come from the cart."""
        sent = {
            int(name.removeprefix("payment_")): value
            for name, value in self.data.items()
            if _PAYMENT_FIELD.fullmatch(name)
        }
        return sent | {
            vendor.pk: self.cleaned_data.get(f"payment_{vendor.pk}") or Method.COD
            for vendor in self.vendors
        }


class TransactionForm(forms.Form):
    provider = forms.ChoiceField(
        label=_("Paid with"),
        choices=[(Method.BKASH, Method.BKASH.label), (Method.NAGAD, Method.NAGAD.label),
                 (Method.ROCKET, Method.ROCKET.label)],
    )  # fmt: skip
    trx_id = forms.CharField(label=_("Transaction ID"), max_length=40)


class ShipForm(forms.Form):
    courier = forms.CharField(label=_("Courier"), max_length=80, required=False)
    tracking_code = forms.CharField(label=_("Tracking code"), max_length=80, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your review"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
