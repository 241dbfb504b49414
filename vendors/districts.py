"""The 64 districts of Bangladesh: key, English name, Bengali name, division."""

from django.utils.functional import lazy
from django.utils.translation import get_language

DISTRICTS: list[tuple[str, str, str, str]] = [
    # Dhaka division
    ("dhaka", "Dhaka", "ঢাকা", "Dhaka"),
    ("faridpur", "Faridpur", "ফরিদপুর", "Dhaka"),
    ("gazipur", "Gazipur", "গাজীপুর", "Dhaka"),
    ("gopalganj", "Gopalganj", "গোপালগঞ্জ", "Dhaka"),
    ("kishoreganj", "Kishoreganj", "কিশোরগঞ্জ", "Dhaka"),
    ("madaripur", "Madaripur", "মাদারীপুর", "Dhaka"),
    ("manikganj", "Manikganj", "মানিকগঞ্জ", "Dhaka"),
    ("munshiganj", "Munshiganj", "মুন্সিগঞ্জ", "Dhaka"),
    ("narayanganj", "Narayanganj", "নারায়ণগঞ্জ", "Dhaka"),
    ("narsingdi", "Narsingdi", "নরসিংদী", "Dhaka"),
    ("rajbari", "Rajbari", "রাজবাড়ী", "Dhaka"),
    ("shariatpur", "Shariatpur", "শরীয়তপুর", "Dhaka"),
    ("tangail", "Tangail", "টাঙ্গাইল", "Dhaka"),
    # Chattogram division
    ("bandarban", "Bandarban", "বান্দরবান", "Chattogram"),
    ("brahmanbaria", "Brahmanbaria", "ব্রাহ্মণবাড়িয়া", "Chattogram"),
    ("chandpur", "Chandpur", "চাঁদপুর", "Chattogram"),
    ("chattogram", "Chattogram", "চট্টগ্রাম", "Chattogram"),
    ("coxs-bazar", "Cox's Bazar", "কক্সবাজার", "Chattogram"),
    ("cumilla", "Cumilla", "কুমিল্লা", "Chattogram"),
    ("feni", "Feni", "ফেনী", "Chattogram"),
    ("khagrachhari", "Khagrachhari", "খাগড়াছড়ি", "Chattogram"),
    ("lakshmipur", "Lakshmipur", "লক্ষ্মীপুর", "Chattogram"),
    ("noakhali", "Noakhali", "নোয়াখালী", "Chattogram"),
    ("rangamati", "Rangamati", "রাঙ্গামাটি", "Chattogram"),
    # Rajshahi division
    ("bogura", "Bogura", "বগুড়া", "Rajshahi"),
    ("chapai-nawabganj", "Chapai Nawabganj", "চাঁপাইনবাবগঞ্জ", "Rajshahi"),
    ("joypurhat", "Joypurhat", "জয়পুরহাট", "Rajshahi"),
    ("naogaon", "Naogaon", "নওগাঁ", "Rajshahi"),
    ("natore", "Natore", "নাটোর", "Rajshahi"),
    ("pabna", "Pabna", "পাবনা", "Rajshahi"),
    ("rajshahi", "Rajshahi", "রাজশাহী", "Rajshahi"),
    ("sirajganj", "Sirajganj", "সিরাজগঞ্জ", "Rajshahi"),
    # Khulna division
    ("bagerhat", "Bagerhat", "বাগেরহাট", "Khulna"),
    ("chuadanga", "Chuadanga", "চুয়াডাঙ্গা", "Khulna"),
    ("jashore", "Jashore", "যশোর", "Khulna"),
    ("jhenaidah", "Jhenaidah", "ঝিনাইদহ", "Khulna"),
    ("khulna", "Khulna", "খুলনা", "Khulna"),
    ("kushtia", "Kushtia", "কুষ্টিয়া", "Khulna"),
    ("magura", "Magura", "মাগুরা", "Khulna"),
    ("meherpur", "Meherpur", "মেহেরপুর", "Khulna"),
    ("narail", "Narail", "নড়াইল", "Khulna"),
    ("satkhira", "Satkhira", "সাতক্ষীরা", "Khulna"),
    # Barishal division
    ("barguna", "Barguna", "বরগুনা", "Barishal"),
    ("barishal", "Barishal", "বরিশাল", "Barishal"),
    ("bhola", "Bhola", "ভোলা", "Barishal"),
    ("jhalokati", "Jhalokati", "ঝালকাঠি", "Barishal"),
    ("patuakhali", "Patuakhali", "পটুয়াখালী", "Barishal"),
    ("pirojpur", "Pirojpur", "পিরোজপুর", "Barishal"),
    # Sylhet division
    ("habiganj", "Habiganj", "হবিগঞ্জ", "Sylhet"),
    ("moulvibazar", "Moulvibazar", "মৌলভীবাজার", "Sylhet"),
    ("sunamganj", "Sunamganj", "সুনামগঞ্জ", "Sylhet"),
    ("sylhet", "Sylhet", "সিলেট", "Sylhet"),
    # Rangpur division
    ("dinajpur", "Dinajpur", "দিনাজপুর", "Rangpur"),
    ("gaibandha", "Gaibandha", "গাইবান্ধা", "Rangpur"),
    ("kurigram", "Kurigram", "কুড়িগ্রাম", "Rangpur"),
    ("lalmonirhat", "Lalmonirhat", "লালমনিরহাট", "Rangpur"),
    ("nilphamari", "Nilphamari", "নীলফামারী", "Rangpur"),
    ("panchagarh", "Panchagarh", "পঞ্চগড়", "Rangpur"),
    ("rangpur", "Rangpur", "রংপুর", "Rangpur"),
    ("thakurgaon", "Thakurgaon", "ঠাকুরগাঁও", "Rangpur"),
    # Mymensingh division
    ("jamalpur", "Jamalpur", "জামালপুর", "Mymensingh"),
    ("mymensingh", "Mymensingh", "ময়মনসিংহ", "Mymensingh"),
    ("netrokona", "Netrokona", "নেত্রকোণা", "Mymensingh"),
    ("sherpur", "Sherpur", "শেরপুর", "Mymensingh"),
]

DISTRICT_KEYS = frozenset(key for key, *_ in DISTRICTS)
_NAMES = {key: (en, bn) for key, en, bn, _division in DISTRICTS}


def district_name(key: str) -> str:
    """Return the district's name in the active language (Bengali unless English is on)."""
    en, bn = _NAMES.get(key, (key, key))
    return en if (get_language() or "bn").startswith("en") else bn


district_name_lazy = lazy(district_name, str)

# Choices for model and form fields; labels follow the active language.
DISTRICT_CHOICES = [(key, district_name_lazy(key)) for key, *_ in DISTRICTS]
