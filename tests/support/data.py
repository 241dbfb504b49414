"""Test data several suites share, written out once."""

# What a buyer types into checkout: the form's fields, and the contact of checkout_complete.
CHECKOUT_CONTACT = {
    "name": "Ayesha Akter",
    "phone": "01711111111",
    "district": "dhaka",
    "address": "House 4, Road 7, Dhanmondi",
    "note": "Call before coming",
}
