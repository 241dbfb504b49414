CONTACT = {
    "name": "Ayesha Akter",
    "phone": "01711111111",
    "district": "dhaka",
    "address": "House 4, Road 7, Dhanmondi",
    "note": "Call before coming",
}
