"""``manage.py seed_demo``: a believable marketplace to click through, with a haat open now.

Members, shops in many districts, products in every category with real pictures (drawn,
then sent through the upload pipeline), followers, a few past haats with delivered
orders and their closing summaries, the regular calendar, and a haat open right now.

Every stage is safe to run again: demo rows are recognised by their phone numbers and
idempotency keys, so a second run tops up what is missing and duplicates nothing.
"""

import datetime
import functools
import io
import random
import string
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont, features

from accounts.models import User
from haat import selectors as haat_selectors
from haat import services as haat_services
from haat.models import HaatSchedule, HaatSession, HaatSkipDate
from orders import pricing
from orders.models import Checkout, Order, OrderEvent, OrderItem
from vendors import services as vendor_services
from vendors.districts import DISTRICTS
from vendors.models import Category, Follow, Product, Vendor
from vendors.search import search_text_refresh

ADMIN_PHONE = "01700000000"
ADMIN_PASSWORD = "haat-admin-demo"  # noqa: S105 - a published demo login, refused off DEBUG
MEMBER_PASSWORD = "haat-demo-pass"  # noqa: S105 - same
# Demo members are recognised by these prefixes (owners of shops, and buyers).
OWNER_PREFIX = "0155"
MEMBER_PREFIX = "0166"
# Checkouts of the demo haats carry this key prefix: it marks a past haat as seeded.
KEY_PREFIX = "demo-"
DEMO_HAAT_TITLE = "ডেমো হাট / Demo haat"
# 255 haats before the platform + 5 demo past haats = the 260 the community has held.
HAATS_HELD_BEFORE = 255
PAST_HAATS = 5
# A demo haat shorter than this would close before anyone looked at it.
MIN_DEMO_WINDOW = datetime.timedelta(hours=1)

Status = HaatSession.Status
UNSHIPPED = (Order.Status.PLACED, Order.Status.CONFIRMED, Order.Status.CANCELLED)

# --- the catalogue: what a shop in each category is called and sells --------------------

# (name, ASCII slug): slugs are ASCII because slugify drops Bengali vowel signs.
SHOP_NAMES = {
    "home-made-food": [
        ("রহিমার রান্নাঘর", "rahimar-rannaghor"),
        ("Maa-er Haater Ranna", "maaer-haater-ranna"),
        ("স্বাদের আচারঘর", "shader-acharghor"),
        ("Pitha Ghor", "pitha-ghor"),
        ("নানুর মসলা", "nanur-mosla"),
        ("Cake Kotha", "cake-kotha"),
    ],
    "clothing-sharee": [
        ("তাঁতের ছোঁয়া", "tater-chhoa"),
        ("Jamdani Kutir", "jamdani-kutir"),
        ("শাড়ি বিলাস", "sharee-bilash"),
        ("Ronger Mela", "ronger-mela"),
        ("নকশা ফ্যাশন", "noksha-fashion"),
    ],
    "handicrafts": [
        ("Nakshi Ghor", "nakshi-ghor"),
        ("বাঁশবেত কারুশিল্প", "bashbet-karushilpo"),
        ("মাটির ছোঁয়া", "matir-chhoa"),
        ("Jute Jatra", "jute-jatra"),
        ("কাঁথার গল্প", "kanthar-golpo"),
    ],
    "beauty": [
        ("ভেষজ রূপকথা", "bheshoj-rupkotha"),
        ("Mehedi Rang", "mehedi-rang"),
        ("সাবান বাড়ি", "sabun-bari"),
    ],
    "agro-products": [
        ("সুন্দরবন মধুঘর", "sundarban-modhughor"),
        ("Khaati Ghee House", "khaati-ghee-house"),
        ("চাষির বাজার", "chashir-bazar"),
        ("Aamer Deshe", "aamer-deshe"),
        ("শুঁটকি বাড়ি", "shutki-bari"),
    ],
    "home-decor": [
        ("ঘরসাজ", "ghorshaj"),
        ("Rickshaw Rong", "rickshaw-rong"),
        ("বুনন", "bunon"),
    ],
    "jewellery": [
        ("গয়নার ঝাঁপি", "goynar-jhapi"),
        ("Putir Mala", "putir-mala"),
    ],
    "leather-goods": [
        ("চামড়ার কারিগর", "chamrar-karigor"),
        ("Leather Loom", "leather-loom"),
    ],
}
GENERIC_SHOP_NAMES = [("আমাদের দোকান", "amader-dokan"), ("Haat Corner", "haat-corner")]

SHOP_ABOUT = (
    "ঘরে বসে নিজের হাতে তৈরি পণ্য নিয়ে আমাদের উদ্যোগ। প্রতি হাটে নতুন পণ্য আসে।\n\n"
    "A home-grown venture selling what we make with our own hands; new goods every haat."
)

# leaf slug -> (Bengali blurb, English blurb, [(title bn, title en, unit, base price)])
PRODUCTS = {
    "pickles": (
        "সরিষার তেলে রোদে শুকিয়ে বানানো, মায়ের হাতের রেসিপি।",
        "Sun-cured in mustard oil, from a family recipe.",
        [
            ("আমের আচার", "Mango pickle", "jar", 250),
            ("জলপাইয়ের আচার", "Olive pickle", "jar", 220),
            ("রসুনের আচার", "Garlic pickle", "jar", 280),
            ("চালতার আচার", "Elephant-apple pickle", "jar", 240),
        ],
    ),
    "pitha-sweets": (
        "অর্ডারের দিনে তাজা বানানো, খাঁটি খেজুর গুড় দিয়ে।",
        "Made fresh on the day of the order, with pure date jaggery.",
        [
            ("নকশি পিঠা", "Nakshi pitha", "dozen", 300),
            ("পাটিসাপটা পিঠা", "Patishapta pitha", "dozen", 240),
            ("নারকেলের নাড়ু", "Coconut naru", "box", 350),
            ("খেজুর গুড়ের সন্দেশ", "Date-jaggery sandesh", "kg", 650),
        ],
    ),
    "cakes-bakery": (
        "ঘরের ওভেনে বেক করা, ডিম আর মাখন দিয়ে।",
        "Baked in a home oven with eggs and butter.",
        [
            ("চকলেট কেক (১ পাউন্ড)", "Chocolate cake (1 pound)", "piece", 900),
            ("ঘরে বানানো বিস্কুট", "Home-baked cookies", "box", 300),
            ("বাটার বন", "Butter buns", "packet", 120),
        ],
    ),
    "frozen-food": (
        "ভাজার জন্য তৈরি; ফ্রিজে রাখুন, তিন মাস ভালো থাকে।",
        "Ready to fry; keeps three months in the freezer.",
        [
            ("চিকেন সমুচা (১২টি)", "Chicken samosa (12 pieces)", "packet", 280),
            ("ভেজিটেবল রোল", "Vegetable spring rolls", "packet", 250),
            ("চিকেন নাগেট", "Chicken nuggets", "packet", 380),
        ],
    ),
    "spices-masala": (
        "নিজেরা ভেজে গুঁড়া করা, কোনো ভেজাল নেই।",
        "Roasted and ground by us, nothing added.",
        [
            ("হলুদের গুঁড়া (৫০০ গ্রাম)", "Turmeric powder (500 g)", "packet", 220),
            ("মরিচের গুঁড়া (৫০০ গ্রাম)", "Chilli powder (500 g)", "packet", 200),
            ("গরম মসলা", "Garam masala", "packet", 180),
        ],
    ),
    "jamdani-sharee": (
        "রূপগঞ্জের তাঁতিদের হাতে বোনা, বুনতে লাগে কয়েক সপ্তাহ।",
        "Hand-woven by the weavers of Rupganj over several weeks.",
        [
            ("ঢাকাই জামদানি শাড়ি", "Dhakai Jamdani sharee", "piece", 8500),
            ("হাফসিল্ক জামদানি শাড়ি", "Half-silk Jamdani sharee", "piece", 4500),
            ("সুতি জামদানি শাড়ি", "Cotton Jamdani sharee", "piece", 3200),
        ],
    ),
    "tangail-sharee": (
        "টাঙ্গাইলের তাঁতে বোনা নরম সুতির শাড়ি।",
        "Soft cotton woven on the looms of Tangail.",
        [
            ("টাঙ্গাইলের তাঁতের শাড়ি", "Tangail handloom sharee", "piece", 1800),
            ("সফট সিল্ক শাড়ি", "Soft silk sharee", "piece", 2600),
            ("বালুচরি শাড়ি", "Baluchari sharee", "piece", 3500),
        ],
    ),
    "three-piece": (
        "আনস্টিচড; নিজের মাপে বানিয়ে নিন।",
        "Unstitched: tailor it to your size.",
        [
            ("ব্লক প্রিন্ট থ্রি-পিস", "Block-print three-piece", "set", 1450),
            ("হাতের কাজের থ্রি-পিস", "Hand-embroidered three-piece", "set", 2200),
            ("সুতি থ্রি-পিস", "Cotton three-piece", "set", 1100),
        ],
    ),
    "panjabi": (
        "M, L, XL মাপে পাওয়া যায়; ঈদের আগে আগে অর্ডার করুন।",
        "Sizes M, L and XL; order early before Eid.",
        [
            ("সুতি পাঞ্জাবি", "Cotton panjabi", "piece", 1200),
            ("এন্ডি সিল্ক পাঞ্জাবি", "Endi silk panjabi", "piece", 2800),
            ("হাতে সেলাই করা পাঞ্জাবি", "Hand-stitched panjabi", "piece", 1800),
        ],
    ),
    "kids-wear": (
        "নরম সুতি, শিশুর ত্বকের জন্য আরামদায়ক।",
        "Soft cotton, gentle on a child's skin.",
        [
            ("শিশুদের ফ্রক", "Girls' frock", "piece", 650),
            ("ছোটদের পাঞ্জাবি", "Boys' panjabi", "piece", 700),
            ("সুতি জামার সেট", "Cotton baby set", "set", 550),
        ],
    ),
    "nakshi-kantha": (
        "যশোরের নারীদের হাতে সেলাই; প্রতিটি নকশা আলাদা।",
        "Stitched by hand by women in Jashore; no two are alike.",
        [
            ("নকশি কাঁথা (বিছানার মাপ)", "Nakshi kantha (bed size)", "piece", 4500),
            ("শিশুদের নকশি কাঁথা", "Baby nakshi kantha", "piece", 1500),
            ("নকশি কুশন কভার", "Nakshi cushion covers", "pair", 700),
        ],
    ),
    "bamboo-cane": (
        "সিলেটের বেত আর বাঁশে হাতে বোনা।",
        "Hand-woven from Sylhet cane and bamboo.",
        [
            ("বেতের ঝুড়ি", "Cane basket", "piece", 450),
            ("বাঁশের ল্যাম্পশেড", "Bamboo lampshade", "piece", 900),
            ("বেতের মোড়া", "Cane stool (mora)", "piece", 1100),
        ],
    ),
    "pottery": (
        "কুমারপাড়ার কারিগরদের হাতে গড়া, রোদে শুকিয়ে পোড়ানো।",
        "Shaped by village potters, sun-dried and kiln-fired.",
        [
            ("মাটির ফুলদানি", "Terracotta vase", "piece", 350),
            ("মাটির হাঁড়ি", "Clay cooking pot", "piece", 300),
            ("টেরাকোটা প্লেট সেট", "Terracotta plate set", "set", 850),
        ],
    ),
    "jute-goods": (
        "সোনালি আঁশে তৈরি, পরিবেশবান্ধব।",
        "Made of the golden fibre; kind to the environment.",
        [
            ("পাটের ব্যাগ", "Jute tote bag", "piece", 380),
            ("পাটের শিকা", "Jute macramé hanger (shika)", "piece", 420),
            ("পাটের পাপোশ", "Jute doormat", "piece", 350),
        ],
    ),
    "herbal-care": (
        "ভেষজ উপাদানে তৈরি, কোনো রাসায়নিক নেই।",
        "Made from herbs, with no harsh chemicals.",
        [
            ("নিমের ফেসপ্যাক", "Neem face pack", "jar", 280),
            ("আমলকির চুলের তেল", "Amla hair oil", "jar", 350),
            ("অ্যালোভেরা জেল", "Aloe vera gel", "jar", 300),
        ],
    ),
    "mehedi": (
        "তাজা পাতা বেটে বানানো, গাঢ় রং হয়।",
        "Ground from fresh leaves for a deep colour.",
        [
            ("মেহেদি কোন", "Mehedi cones", "dozen", 240),
            ("মেহেদি পাতার গুঁড়া", "Henna leaf powder", "packet", 180),
        ],
    ),
    "handmade-soap": (
        "কোল্ড-প্রসেস পদ্ধতিতে হাতে বানানো সাবান।",
        "Cold-process soap, made by hand in small batches.",
        [
            ("নিম-হলুদ সাবান", "Neem and turmeric soap", "piece", 150),
            ("ছাগলের দুধের সাবান", "Goat-milk soap", "piece", 220),
            ("চারকোল সাবান", "Charcoal soap", "piece", 200),
        ],
    ),
    "honey": (
        "মৌয়ালদের কাছ থেকে সরাসরি সংগ্রহ করা খাঁটি মধু।",
        "Pure honey, bought straight from the honey collectors.",
        [
            ("সুন্দরবনের খাঁটি মধু", "Sundarbans honey", "kg", 1200),
            ("সরিষা ফুলের মধু", "Mustard-flower honey", "kg", 750),
            ("লিচু ফুলের মধু", "Litchi-flower honey", "kg", 900),
        ],
    ),
    "ghee-oil": (
        "দেশি গরুর দুধ আর ঘানিতে ভাঙা তেল।",
        "From local cows' milk and the village oil press.",
        [
            ("গাওয়া ঘি", "Pure cow ghee", "kg", 1600),
            ("ঘানিভাঙা সরিষার তেল", "Cold-pressed mustard oil", "litre", 380),
            ("খাঁটি নারকেল তেল", "Pure coconut oil", "litre", 450),
        ],
    ),
    "rice-pulses": (
        "কৃষকের কাছ থেকে সরাসরি, কোনো পালিশ নেই।",
        "Straight from the farmer, unpolished.",
        [
            ("কাটারিভোগ চাল", "Katarivog rice", "kg", 95),
            ("চিনিগুঁড়া চাল", "Chinigura aromatic rice", "kg", 150),
            ("দেশি মসুর ডাল", "Local red lentils", "kg", 140),
        ],
    ),
    "fruits": (
        "বাগান থেকে পেড়ে সেদিনই পাঠানো, কার্বাইড ছাড়া।",
        "Picked and sent the same day, never carbide-ripened.",
        [
            ("রাজশাহীর হিমসাগর আম", "Rajshahi Himsagar mangoes", "kg", 140),
            ("দিনাজপুরের লিচু", "Dinajpur litchis", "box", 600),
            ("মৌসুমি পেয়ারা", "Seasonal guavas", "kg", 90),
        ],
    ),
    "dried-fish": (
        "কক্সবাজারের রোদে শুকানো, কোনো কীটনাশক নেই।",
        "Sun-dried in Cox's Bazar, no pesticides.",
        [
            ("লইট্যা শুঁটকি", "Loitta dried fish", "kg", 900),
            ("চিংড়ি শুঁটকি", "Dried shrimp", "kg", 1400),
            ("রূপচাঁদা শুঁটকি", "Dried pomfret", "kg", 2200),
        ],
    ),
    "wall-decor": (
        "দেয়ালে আনে দেশের রং।",
        "Brings the colours of the country to your wall.",
        [
            ("হাতে আঁকা রিকশা পেইন্টিং", "Hand-painted rickshaw art", "piece", 1500),
            ("পাটের ওয়াল হ্যাঙ্গিং", "Jute wall hanging", "piece", 650),
            ("কাঠের দেয়াল ঘড়ি", "Wooden wall clock", "piece", 1300),
        ],
    ),
    "bedsheet-cushion": (
        "সুতি কাপড়ে হাতে ছাপা, ধুলেও রং ওঠে না।",
        "Hand block-printed cotton; the colour stays wash after wash.",
        [
            ("ব্লক প্রিন্ট বিছানার চাদর", "Block-print bedsheet", "set", 1600),
            ("কুশন কভার সেট", "Cushion cover set", "set", 900),
            ("হাতে সেলাই করা বালিশের কভার", "Hand-stitched pillow covers", "pair", 450),
        ],
    ),
    "showpieces": (
        "উপহার দেওয়ার মতো দেশি কারুকাজ।",
        "Local craft, made to be given as a gift.",
        [
            ("কাঠের নৌকা", "Wooden boat model", "piece", 800),
            ("পিতলের হাতি", "Brass elephant", "piece", 1800),
            ("শোলার পুতুল", "Shola pith doll", "piece", 350),
        ],
    ),
    "handmade-jewellery": (
        "হাতে গাঁথা, প্রতিটি একটু আলাদা।",
        "Strung by hand; each one a little different.",
        [
            ("পুঁতির মালা", "Bead necklace", "piece", 350),
            ("টেরাকোটা গহনার সেট", "Terracotta jewellery set", "set", 450),
            ("রুপার নূপুর", "Silver anklets", "pair", 2500),
        ],
    ),
    "jewellery-boxes": (
        "গহনা গুছিয়ে রাখার সুন্দর বাক্স।",
        "A handsome box to keep jewellery in order.",
        [
            ("কাঠের গহনার বাক্স", "Wooden jewellery box", "piece", 950),
            ("নকশি গহনার বাক্স", "Embroidered jewellery box", "piece", 700),
        ],
    ),
    "bags-wallets": (
        "খাঁটি গরুর চামড়া, হাতে সেলাই।",
        "Genuine cowhide, stitched by hand.",
        [
            ("চামড়ার মানিব্যাগ", "Leather wallet", "piece", 850),
            ("চামড়ার ল্যাপটপ ব্যাগ", "Leather laptop bag", "piece", 3800),
            ("চামড়ার লেডিস পার্স", "Leather handbag", "piece", 2400),
        ],
    ),
    "shoes-sandals": (
        "খাঁটি চামড়া; মাপ জানিয়ে অর্ডার করুন।",
        "Genuine leather; tell us your size when ordering.",
        [
            ("চামড়ার স্যান্ডেল", "Leather sandals", "pair", 1100),
            ("হাতে বানানো নাগরা জুতা", "Hand-made nagra shoes", "pair", 1600),
        ],
    ),
}

MEMBER_NAMES = [
    "রহিমা বেগম", "Karim Mia", "সালমা আক্তার", "Nusrat Jahan", "আবদুল হালিম",
    "Farhana Islam", "মোস্তফা কামাল", "Shirin Sultana", "তানিয়া রহমান", "Rafiqul Islam",
    "নাসরিন আক্তার", "Jahanara Khatun", "মিজানুর রহমান", "Sumaiya Akter", "শাহনাজ পারভীন",
    "Habibur Rahman", "রুমানা ইয়াসমিন", "Tahmina Chowdhury", "জসিম উদ্দিন", "Moushumi Das",
]  # fmt: skip
ADDRESS_LINES = ["বাসা {n}, রোড {m}", "House {n}, Road {m}", "গ্রাম: নতুনপাড়া, বাড়ি {n}"]

PALETTE = [
    ((252, 228, 214), (196, 69, 54)),
    ((222, 239, 226), (46, 125, 50)),
    ((226, 234, 252), (40, 80, 170)),
    ((255, 243, 205), (191, 130, 0)),
    ((243, 226, 245), (130, 60, 140)),
    ((225, 245, 245), (0, 121, 121)),
    ((245, 235, 225), (121, 85, 61)),
    ((235, 235, 235), (80, 80, 80)),
]


# --- small helpers ----------------------------------------------------------------------


class ProgressBar:
    """A text progress bar, "[#####.....]  50% products 150/300".

    Redrawn in place on a terminal; written once, when done, to a file or a pipe.
    """

    def __init__(self, out, label: str, total: int, width: int = 30):
        self.out, self.label, self.total, self.width = out, label, max(total, 0), width
        self.count = 0
        self.live = out.isatty()
        self._shown = -1
        self._draw()

    def _line(self) -> str:
        share = self.count / self.total if self.total else 1.0
        filled = round(share * self.width)
        bar = "#" * filled + "." * (self.width - filled)
        return f"[{bar}] {share:4.0%} {self.label} {self.count}/{self.total}"

    def _draw(self) -> None:
        percent = int(100 * self.count / self.total) if self.total else 100
        if self.live and percent != self._shown:
            self._shown = percent
            self.out.write("\r" + self._line(), ending="")
            self.out.flush()

    def advance(self, step: int = 1) -> None:
        self.count = min(self.total, self.count + step)
        self._draw()

    def done(self) -> None:
        self.count = self.total
        self.out.write(("\r" if self.live else "") + self._line())


def _phone(prefix: str, number: int) -> str:
    return f"{prefix}{number:07d}"


def _rng(seed: int, *parts) -> random.Random:
    """Return a generator fixed by the seed and ``parts``: a top-up re-creates nothing
    differently, whichever run makes an item."""
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def _money(amount: float) -> Decimal:
    step = 5 if amount < 300 else 10
    return Decimal(max(step, round(amount / step) * step)).quantize(Decimal("0.01"))


def _bengali_digits(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))


def _is_bengali(text: str) -> bool:
    return any("\u0980" <= char <= "\u09ff" for char in text)


@functools.lru_cache(maxsize=64)
def _picture(letter: str, colours: int, shape: int, size: tuple[int, int]) -> bytes:
    """Return a JPEG of a coloured shape with ``letter`` on it (cached: a small palette)."""
    background, ink = PALETTE[colours % len(PALETTE)]
    img = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(img)
    w, h = size
    box = (w * 0.18, h * 0.14, w * 0.82, h * 0.86)
    match shape % 4:
        case 0:
            draw.ellipse(box, fill=ink)
        case 1:
            draw.rounded_rectangle(box, radius=w // 10, fill=ink)
        case 2:
            draw.polygon([(w / 2, box[1]), (box[2], box[3]), (box[0], box[3])], fill=ink)
        case _:
            draw.polygon(
                [(w / 2, box[1]), (box[2], h / 2), (w / 2, box[3]), (box[0], h / 2)], fill=ink
            )
    if features.check("freetype2"):
        font = ImageFont.load_default(size=int(h * 0.36))
    else:
        font = ImageFont.load_default()
    draw.text((w / 2, h * 0.54), letter, fill=background, font=font, anchor="mm")
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _leaves() -> list[Category]:
    return list(
        Category.objects.filter(parent__isnull=False)
        .select_related("parent")
        .order_by("parent__position", "parent__pk", "position", "pk")
    )


def _tops() -> list[Category]:
    return list(Category.objects.filter(parent__isnull=True).order_by("position", "pk"))


# --- the command ------------------------------------------------------------------------


class Command(BaseCommand):
    help = (
        "Fill the database with demo data (shops, products with pictures, past haats with "
        "orders) and make sure a haat is open now. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--vendors", type=int, default=40, help="shops (default 40)")
        parser.add_argument("--products", type=int, default=300, help="products (default 300)")
        parser.add_argument(
            "--members", type=int, default=None, help="buying members (default 2 per shop + 20)"
        )
        parser.add_argument(
            "--past-haats", type=int, default=PAST_HAATS, help="closed haats with orders"
        )
        parser.add_argument("--seed", type=int, default=261, help="random seed (default 261)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even with DEBUG off (it creates a superuser with a published password)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates a superuser with a published password; it runs only with "
                "DEBUG on (or with --force on a throwaway database)."
            )
        for name in ("vendors", "products", "past_haats"):
            if options[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')} cannot be negative.")
        self.seed = options["seed"]
        members_count = options["members"]
        if members_count is None:
            members_count = 2 * options["vendors"] + 20
        now = timezone.now()

        admin = self.stage_admin()
        members = self.stage_members(members_count)
        vendors = self.stage_vendors(options["vendors"])
        products = self.stage_products(vendors, options["products"])
        self.stage_pictures(vendors, products)
        self.stage_follows(members, vendors)
        self.stage_calendar_base()
        self.stage_past_haats(now, options["past_haats"], members, vendors)
        haat_services.sessions_plan(now=now)
        current = self.stage_open_now()
        self.report(admin, vendors, current)

    # --- members and shops --------------------------------------------------------------

    def stage_admin(self) -> User:
        """Create the demo superuser unless it exists (its password is then left alone)."""
        with transaction.atomic():
            admin = User.objects.filter(phone=ADMIN_PHONE).first()
            if admin is None:
                admin = User.objects.create_superuser(
                    ADMIN_PHONE, ADMIN_PASSWORD, name="ডেমো অ্যাডমিন / Demo admin"
                )
        return admin

    def _users(self, phones: list[str], label: str, names_from: int) -> dict[str, User]:
        """Create the members with these phones that do not exist; return all by phone."""
        existing = set(User.objects.filter(phone__in=phones).values_list("phone", flat=True))
        # One hash for every demo member: hashing hundreds of passwords takes minutes.
        password = make_password(MEMBER_PASSWORD) if len(existing) < len(phones) else ""
        new = []
        for index, phone in enumerate(phones):
            if phone in existing:
                continue
            name = MEMBER_NAMES[(index + names_from) % len(MEMBER_NAMES)]
            new.append(
                User(
                    phone=phone,
                    name=name,
                    password=password,
                    language="bn" if _is_bengali(name) or index % 4 else "en",
                )
            )
        User.objects.bulk_create(new, batch_size=500)
        bar = ProgressBar(self.stdout, label, len(phones))
        bar.done()
        return {user.phone: user for user in User.objects.filter(phone__in=phones)}

    def stage_members(self, count: int) -> list[User]:
        """Create ``count`` buying members (phones 0166…); return them."""
        phones = [_phone(MEMBER_PREFIX, n) for n in range(1, count + 1)]
        with transaction.atomic():
            by_phone = self._users(phones, "members", names_from=0)
        return [by_phone[phone] for phone in phones]

    def stage_vendors(self, count: int) -> list[Vendor]:
        """Make sure there are ``count`` demo shops, each with its own owner (phones 0155…).

        Returns every demo shop, in the order they were made, even beyond ``count`` (from
        an earlier, larger run). Shops specialise in a top category, in turn; most are
        approved, every twelfth is pending and the tenth is suspended.
        """
        tops = _tops()
        phones = [_phone(OWNER_PREFIX, n) for n in range(1, count + 1)]
        with transaction.atomic():
            owners = self._users(phones, "shop owners", names_from=7)
            have = set(
                Vendor.objects.filter(owner__phone__in=phones).values_list(
                    "owner__phone", flat=True
                )
            )
            planned = [(index, phone) for index, phone in enumerate(phones) if phone not in have]
            slugs = {index: self._vendor_slug(index, tops) for index, _phone in planned}
            taken = set(
                Vendor.objects.filter(slug__in=slugs.values()).values_list("slug", flat=True)
            )
            districts = _rng(self.seed, "districts").sample(DISTRICTS, len(DISTRICTS))
            now = timezone.now()
            new = []
            for index, phone in planned:
                rng = _rng(self.seed, "vendor", index)
                name = self._vendor_name(index, tops)
                slug = slugs[index] + ("-demo" if slugs[index] in taken else "")
                key, district_en, _bn, _division = districts[index % len(districts)]
                if index % 12 == 11:
                    status = Vendor.Status.PENDING
                elif index == 9:
                    status = Vendor.Status.SUSPENDED
                else:
                    status = Vendor.Status.APPROVED
                new.append(
                    Vendor(
                        owner=owners[phone],
                        shop_name=name,
                        slug=slug,
                        phone=phone,
                        district=key,
                        upazila=f"{district_en} Sadar",
                        batch_number=rng.randint(1, 30),
                        bkash_number=phone,
                        nagad_number=phone if rng.random() < 0.5 else "",
                        rocket_number=phone + str(rng.randint(0, 9)) if rng.random() < 0.2 else "",
                        description=SHOP_ABOUT,
                        delivery_charge_inside=Decimal(rng.choice([50, 60, 60, 70])),
                        delivery_charge_outside=Decimal(rng.choice([100, 120, 120, 130, 150])),
                        status=status,
                        approved_at=now if status != Vendor.Status.PENDING else None,
                    )
                )
            Vendor.objects.bulk_create(new, batch_size=500)
        ProgressBar(self.stdout, "shops", count).done()
        return list(
            Vendor.objects.filter(owner__phone__startswith=OWNER_PREFIX)
            .select_related("owner")
            .order_by("owner__phone")
        )

    @staticmethod
    def _vendor_top(index: int, tops: list[Category]) -> Category | None:
        return tops[index % len(tops)] if tops else None

    def _vendor_choice(self, index: int, tops: list[Category]) -> tuple[str, str, int]:
        top = self._vendor_top(index, tops)
        names = SHOP_NAMES.get(top.slug, GENERIC_SHOP_NAMES) if top else GENERIC_SHOP_NAMES
        turn = index // max(len(tops), 1)
        name, slug = names[turn % len(names)]
        return name, slug, turn // len(names)

    def _vendor_name(self, index: int, tops: list[Category]) -> str:
        name, _slug, repeat = self._vendor_choice(index, tops)
        if not repeat:
            return name
        number = _bengali_digits(repeat + 1) if _is_bengali(name) else str(repeat + 1)
        return f"{name} {number}"

    def _vendor_slug(self, index: int, tops: list[Category]) -> str:
        _name, slug, repeat = self._vendor_choice(index, tops)
        return f"{slug}-{repeat + 1}" if repeat else slug

    # --- the catalogue ------------------------------------------------------------------

    def stage_products(self, vendors: list[Vendor], count: int) -> list[Product]:
        """Top the demo shops' products up to ``count``; return them all.

        Product n goes to leaf category n mod (number of leaves), so every leaf gets one
        as soon as there are as many products as leaves; it is sold by a shop of that
        category when there is one.
        """
        leaves = _leaves()
        tops = _tops()
        demo = Product.objects.filter(vendor__in=vendors)
        have = demo.count()
        if vendors and leaves and have < count:
            by_top = defaultdict(list)
            for index, vendor in enumerate(vendors):
                top = self._vendor_top(index, tops)
                if top is not None:
                    by_top[top.pk].append(vendor)
            new = []
            for n in range(have, count):
                rng = _rng(self.seed, "product", n)
                leaf = leaves[n % len(leaves)]
                turn = n // len(leaves)
                sellers = by_top.get(leaf.parent_id) or vendors
                blurb_bn, blurb_en, items = PRODUCTS.get(
                    leaf.slug, ("", "", [(leaf.name_bn, leaf.name_en, "piece", 500)])
                )
                title_bn, title_en, unit, price = items[turn % len(items)]
                title = title_en if n % 3 == 1 else title_bn
                new.append(
                    Product(
                        vendor=sellers[(turn + n) % len(sellers)],
                        category=leaf,
                        title=title,
                        description=f"{title_bn} — {blurb_bn}\n\n{title_en}: {blurb_en}".strip(),
                        price=_money(price * rng.uniform(0.85, 1.25)),
                        unit=unit,
                        stock=0 if rng.random() < 0.06 else rng.randint(3, 60),
                        is_active=rng.random() >= 0.04,
                    )
                )
            with transaction.atomic():
                created = Product.objects.bulk_create(new, batch_size=500)
                # bulk_create skips the code that keeps the search text.
                search_text_refresh(product_ids=[p.pk for p in created])
        ProgressBar(self.stdout, "products", count).done()
        return list(demo.select_related("category__parent").order_by("pk"))

    def stage_pictures(self, vendors: list[Vendor], products: list[Product]) -> None:
        """Give each demo product without a picture one, and each shop without a logo one.

        Each picture is drawn, then stored through the real upload pipeline (one
        transaction per picture, its own cleanup).
        """
        tops = {top.pk: position for position, top in enumerate(_tops())}
        with_picture = set(
            Product.objects.filter(pk__in=[p.pk for p in products], images__isnull=False)
            .values_list("pk", flat=True)
            .distinct()
        )
        bare = [p for p in products if p.pk not in with_picture]
        logoless = [v for v in vendors if not v.logo]
        bar = ProgressBar(self.stdout, "pictures", len(bare) + len(logoless))
        for product in bare:
            english = product.description.split("\n\n")[-1]
            letter = next((c for c in english if c.isascii() and c.isalpha()), "H").upper()
            position = tops.get(product.category.parent_id, 0)
            data = _picture(letter, position, position + product.pk % 2, (640, 480))
            vendor_services.product_image_add(
                product=product, upload=ContentFile(data, name="demo.jpg")
            )
            bar.advance()
        for vendor in logoless:
            letter = vendor.slug[:1].upper() or "H"
            data = _picture(letter, vendor.pk, 0, (320, 320))
            vendor_services.vendor_logo_set(vendor=vendor, upload=ContentFile(data, name="l.jpg"))
            bar.advance()
        bar.done()

    def stage_follows(self, members: list[User], vendors: list[Vendor]) -> None:
        """Let each member follow a few approved shops (existing follows are kept)."""
        approved = [v for v in vendors if v.status == Vendor.Status.APPROVED]
        follows = []
        if approved:
            for index, member in enumerate(members):
                rng = _rng(self.seed, "follows", index)
                for vendor in rng.sample(approved, min(len(approved), rng.randint(0, 4))):
                    follows.append(Follow(user=member, vendor=vendor))
        with transaction.atomic():
            # The (member, shop) pair is unique: a second run's rows are skipped by it.
            Follow.objects.bulk_create(follows, batch_size=1000, ignore_conflicts=True)
        ProgressBar(self.stdout, "follows", len(follows)).done()

    # --- the calendar -------------------------------------------------------------------

    def stage_calendar_base(self) -> None:
        """Carry the numbering on from the haats held before the platform (if unset)."""
        schedule = HaatSchedule.objects.filter(is_active=True).first()
        if schedule is not None and schedule.haats_held_before == 0:
            schedule.haats_held_before = HAATS_HELD_BEFORE
            # The calendar service saves it under the calendar lock and renumbers.
            haat_services.schedule_save(schedule=schedule)

    def _past_windows(self, now: datetime.datetime, wanted: int) -> list[tuple]:
        """Return up to ``wanted`` free past haat windows on the schedule's weekdays.

        The latest first; a window already ended, on no skipped date, overlapping no
        session and opening when no session (even a cancelled one) opens.
        """
        tz = haat_selectors.haat_tz()
        schedule = HaatSchedule.objects.filter(is_active=True).first() or HaatSchedule()
        skipped = set(HaatSkipDate.objects.values_list("date", flat=True))
        windows = []
        day = now.astimezone(tz).date()
        for _ in range(366):
            if len(windows) >= wanted:
                break
            if day.weekday() in schedule.weekdays and day not in skipped:
                opens_at = datetime.datetime.combine(day, schedule.opens_at, tzinfo=tz)
                closes_at = datetime.datetime.combine(day, schedule.closes_at, tzinfo=tz)
                # opens_at is unique even among cancelled sessions; overlap counts the rest.
                clash = HaatSession.objects.filter(
                    Q(opens_at=opens_at)
                    | (
                        Q(opens_at__lt=closes_at, closes_at__gt=opens_at)
                        & ~Q(status=Status.CANCELLED)
                    )
                ).exists()
                if closes_at <= now and not clash:
                    windows.append((opens_at, closes_at))
            day -= datetime.timedelta(days=1)
        return windows

    def stage_past_haats(
        self, now: datetime.datetime, count: int, members: list[User], vendors: list[Vendor]
    ) -> None:
        """Hold ``count`` past haats with orders and close them, so each has its summary.

        A past haat is recognised by its demo checkouts; only the missing ones are added.
        Each haat, its orders and its closing are one transaction.
        """
        held = (
            HaatSession.objects.filter(checkouts__idempotency_key__startswith=KEY_PREFIX)
            .distinct()
            .count()
        )
        sellers = self._sellers(vendors)
        wanted = max(0, count - held)
        if not sellers or not members:
            wanted = 0
        windows = sorted(self._past_windows(now, wanted))
        bar = ProgressBar(self.stdout, "past haats", len(windows))
        buyers = members + [v.owner for v in vendors]
        for position, (opens_at, closes_at) in enumerate(windows):
            latest = position == len(windows) - 1 and held == 0
            with transaction.atomic():
                session = haat_services.session_add_special(
                    opens_at=opens_at, closes_at=closes_at, now=now, allow_past=True
                )
                self._orders(session, sellers, buyers, latest=latest, now=now)
                haat_services.session_close(session_id=session.pk, now=now)
            bar.advance()
        bar.done()

    @staticmethod
    def _sellers(vendors: list[Vendor]) -> dict[Vendor, list[Product]]:
        approved = {v.pk: v for v in vendors if v.status == Vendor.Status.APPROVED}
        sellers = defaultdict(list)
        for product in Product.objects.filter(
            vendor_id__in=approved, is_active=True, price__gt=0
        ).order_by("pk"):
            sellers[approved[product.vendor_id]].append(product)
        return dict(sellers)

    def _orders(
        self,
        session: HaatSession,
        sellers: dict,
        buyers: list[User],
        *,
        latest: bool,
        now: datetime.datetime,
    ) -> None:
        """Create checkouts, orders, lines and their history in ``session``.

        Written directly, in bulk: the checkout service sells only while a haat is open
        now, and these haats are over. The money follows orders.pricing, as a checkout's
        does: subtotal = sum of lines, total = subtotal + delivery, commission 0.
        """
        rng = _rng(self.seed, "haat", session.opens_at.date())
        shops = sorted(sellers, key=lambda v: v.pk)
        districts = [key for key, *_ in DISTRICTS]
        window = (session.closes_at - session.opens_at).total_seconds()
        checkouts, plans = [], []
        for n in range(rng.randint(max(4, len(shops)), max(6, 2 * len(shops)))):
            buyer = rng.choice(buyers)
            others = [v for v in shops if v.owner_id != buyer.pk]
            if not others:
                continue
            placed_at = session.opens_at + datetime.timedelta(
                seconds=rng.uniform(300, window - 300)
            )
            picked = rng.sample(others, min(len(others), rng.choices([1, 2, 3], [70, 22, 8])[0]))
            checkouts.append(
                Checkout(
                    buyer=buyer, idempotency_key=f"{KEY_PREFIX}{session.pk}-{n}", session=session
                )
            )
            plans.append((placed_at, buyer, picked))
        Checkout.objects.bulk_create(checkouts, batch_size=500)

        orders, lines, events, sold = [], [], [], defaultdict(int)
        order_times, event_times = [], []
        for checkout, (placed_at, buyer, picked) in zip(checkouts, plans, strict=True):
            checkout.total = Decimal("0.00")
            checkout.created_at = placed_at
            district = districts[buyer.pk % len(districts)]
            address = rng.choice(ADDRESS_LINES).format(n=rng.randint(1, 99), m=rng.randint(1, 20))
            for vendor in picked:
                status = self._order_status(rng, latest)
                stock = sellers[vendor]
                chosen = rng.sample(stock, min(len(stock), rng.choice([1, 1, 2, 3])))
                items = [
                    OrderItem(
                        product=p,
                        title=p.title,
                        unit=p.unit,
                        unit_price=p.price,
                        quantity=(q := rng.choices([1, 2, 3], [65, 25, 10])[0]),
                        line_total=pricing.line_total(p.price, q),
                    )
                    for p in chosen
                ]
                subtotal = sum((i.line_total for i in items), Decimal("0.00"))
                charge = pricing.delivery_charge(vendor, district)
                method = self._payment_method(rng, vendor)
                order = Order(
                    checkout=checkout,
                    buyer=buyer,
                    vendor=vendor,
                    session=session,
                    status=status,
                    payment_method=method,
                    transaction_id=""
                    if method == Order.PaymentMethod.COD
                    else "".join(rng.choices(string.ascii_uppercase + string.digits, k=10)),
                    paid_at=None
                    if method == Order.PaymentMethod.COD or status == Order.Status.CANCELLED
                    else placed_at + datetime.timedelta(minutes=rng.randint(2, 40)),
                    name=buyer.name or buyer.phone,
                    phone=buyer.phone,
                    district=district,
                    address=address,
                    subtotal=subtotal,
                    delivery_charge=charge,
                    total=subtotal + charge,
                    cancel_reason="স্টক শেষ / Out of stock"
                    if status == Order.Status.CANCELLED
                    else "",
                    courier=""
                    if status in UNSHIPPED
                    else rng.choice(["Sundarban Courier", "Pathao", "SA Paribahan"]),
                )
                checkout.total += order.total
                orders.append(order)
                order_times.append(placed_at)
                for item in items:
                    item.order = order
                    if status != Order.Status.CANCELLED:
                        sold[item.product.pk] += item.quantity
                lines.extend(items)
                for event, when in self._history(order, placed_at, vendor, now):
                    events.append(event)
                    event_times.append(when)

        Order.objects.bulk_create(orders, batch_size=500)
        OrderItem.objects.bulk_create(lines, batch_size=1000)
        OrderEvent.objects.bulk_create(events, batch_size=1000)
        # Creation times are stamped "now" on insert; this history is past, so set them
        # afterwards (bulk_update writes the values as given).
        for order, when in zip(orders, order_times, strict=True):
            order.created_at = when
        for event, when in zip(events, event_times, strict=True):
            event.created_at = when
        Checkout.objects.bulk_update(checkouts, ["total", "created_at"], batch_size=500)
        Order.objects.bulk_update(orders, ["created_at"], batch_size=500)
        OrderEvent.objects.bulk_update(events, ["created_at"], batch_size=1000)
        products = list(Product.objects.filter(pk__in=sold).order_by("pk"))
        for product in products:
            product.sold_count += sold[product.pk]
        Product.objects.bulk_update(products, ["sold_count"], batch_size=500)

    @staticmethod
    def _order_status(rng: random.Random, latest: bool) -> str:
        # The latest haat's parcels are still on their way; older ones have arrived.
        if latest:
            weights = {"delivered": 70, "shipped": 15, "confirmed": 8, "cancelled": 7}
        else:
            weights = {"delivered": 93, "cancelled": 7}
        return rng.choices(list(weights), list(weights.values()))[0]

    @staticmethod
    def _payment_method(rng: random.Random, vendor: Vendor) -> str:
        methods = [Order.PaymentMethod.COD] * 6
        if vendor.bkash_number:
            methods += [Order.PaymentMethod.BKASH] * 3
        if vendor.nagad_number:
            methods += [Order.PaymentMethod.NAGAD] * 2
        return rng.choice(methods)

    @staticmethod
    def _history(
        order: Order, placed_at: datetime.datetime, vendor: Vendor, now: datetime.datetime
    ) -> list:
        """Return the order's status changes up to its status, each with when it happened.

        Steps follow a few hours to days apart, but none lies in the future: a haat that
        ended yesterday has its deliveries squeezed in before ``now``.
        """
        steps = [("", Order.Status.PLACED, order.buyer_id, 0)]
        if order.status == Order.Status.CANCELLED:
            steps.append((Order.Status.PLACED, Order.Status.CANCELLED, vendor.owner_id, 3))
        else:
            path = [Order.Status.CONFIRMED, Order.Status.SHIPPED, Order.Status.DELIVERED]
            hours = [2, 20, 70]
            previous = Order.Status.PLACED
            for status, after in zip(path, hours, strict=True):
                steps.append((previous, status, vendor.owner_id, after))
                previous = status
                if status == order.status:
                    break
        events = []
        for position, (before, after, actor, hours) in enumerate(steps):
            latest = now - datetime.timedelta(minutes=len(steps) - position)
            when = max(
                min(placed_at + datetime.timedelta(hours=hours), latest),
                placed_at + datetime.timedelta(seconds=position),
            )
            event = OrderEvent(order=order, actor_id=actor, from_status=before, to_status=after)
            events.append((event, when))
        return events

    def stage_open_now(self) -> HaatSession | None:
        """Make sure buying is allowed now; return the session that is open.

        A regular haat whose window has begun is simply opened. Otherwise a special demo
        haat covers the next hours: it ends when the next planned haat opens if that is
        at least an hour away, and the planned ones it would overlap are cancelled if not.
        """
        now = timezone.now()
        haat_services.sessions_sweep(now=now)
        current = haat_selectors.session_for_buying(now=now)
        if current is not None:
            ProgressBar(self.stdout, "haat open now", 1).done()
            return current

        opens_at = now - datetime.timedelta(hours=1)
        closes_at = now + datetime.timedelta(hours=12)
        live = HaatSession.objects.exclude(status=Status.CANCELLED)
        # Start when the last haat ended, if that was within the hour.
        ended = live.filter(closes_at__gt=opens_at, closes_at__lte=now).order_by("-closes_at")
        if ended:
            opens_at = ended[0].closes_at
        ahead = live.filter(opens_at__gt=now, opens_at__lt=closes_at).order_by("opens_at")
        first = ahead.first()
        with transaction.atomic():
            if first is not None and first.opens_at - now >= MIN_DEMO_WINDOW:
                closes_at = first.opens_at
            else:
                for session in ahead:
                    haat_services.session_cancel(session_id=session.pk, now=now)
            try:
                haat_services.session_add_special(
                    opens_at=opens_at, closes_at=closes_at, title=DEMO_HAAT_TITLE, now=now
                )
            except ValidationError as exc:
                raise CommandError(f"Could not add the demo haat: {exc.messages}") from exc
            haat_services.sessions_sweep(now=now)
        ProgressBar(self.stdout, "haat open now", 1).done()
        return haat_selectors.session_for_buying(now=now)

    # --- the end ------------------------------------------------------------------------

    def report(self, admin: User, vendors: list[Vendor], current: HaatSession | None) -> None:
        tz = haat_selectors.haat_tz()
        self.stdout.write("")
        self.stdout.write(
            f"Demo data: {len(vendors)} shops, "
            f"{Product.objects.filter(vendor__in=vendors).count()} products, "
            f"{HaatSession.objects.filter(status=Status.CLOSED).count()} closed haats, "
            f"{Order.objects.filter(vendor__in=vendors).count()} orders."
        )
        if current is not None:
            self.stdout.write(
                f"Open now: {current} until "
                f"{current.closes_at.astimezone(tz):%Y-%m-%d %H:%M} (Asia/Dhaka)."
            )
        else:
            self.stdout.write(self.style.WARNING("No haat is open now."))
        if admin.check_password(ADMIN_PASSWORD):
            self.stdout.write(
                self.style.SUCCESS(f"Admin login: {ADMIN_PHONE} / password {ADMIN_PASSWORD}")
            )
        else:
            self.stdout.write(f"Admin login: {ADMIN_PHONE} (its password was changed).")
        if vendors:
            self.stdout.write(
                f"A shop owner: {vendors[0].owner.phone} / password {MEMBER_PASSWORD} "
                f"({vendors[0].shop_name}); buyers: {_phone(MEMBER_PREFIX, 1)}… same password."
            )
