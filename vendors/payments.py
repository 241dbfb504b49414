"""How a shop is paid: the methods, and which of the shop's numbers each one uses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentMethod(models.TextChoices):
    """How a buyer pays a shop: cash on delivery, or mobile money to the shop's number."""

    COD = "cod", _("Cash on delivery")
    BKASH = "bkash", _("bKash")
    NAGAD = "nagad", _("Nagad")
    ROCKET = "rocket", _("Rocket")


# The shop's number field for each mobile-money service.
MOBILE_MONEY_FIELDS = {
    PaymentMethod.BKASH: "bkash_number",
    PaymentMethod.NAGAD: "nagad_number",
    PaymentMethod.ROCKET: "rocket_number",
}
