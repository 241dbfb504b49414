"""The demo data's content: its logins, how demo rows are recognised, and the catalogue.

Pure data, read by haat.demo.seed (``manage.py seed_demo``) and by the benchmark's
scale data (bench/data.py), which sells the same products.
"""

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
