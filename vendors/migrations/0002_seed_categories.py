"""The categories of the haat, in Bengali and English (two levels)."""

from django.db import migrations

CATEGORIES = [
    ("home-made-food", "ঘরে তৈরি খাবার", "Home-made food", [
        ("pickles", "আচার", "Pickles"),
        ("pitha-sweets", "পিঠা ও মিষ্টি", "Pitha and sweets"),
        ("cakes-bakery", "কেক ও বেকারি", "Cakes and bakery"),
        ("frozen-food", "ফ্রোজেন খাবার", "Frozen food"),
        ("spices-masala", "মসলা", "Spices and masala"),
    ]),
    ("clothing-sharee", "পোশাক ও শাড়ি", "Clothing and sharee", [
        ("jamdani-sharee", "জামদানি শাড়ি", "Jamdani sharee"),
        ("tangail-sharee", "টাঙ্গাইল শাড়ি", "Tangail sharee"),
        ("three-piece", "থ্রি-পিস", "Three-piece"),
        ("panjabi", "পাঞ্জাবি", "Panjabi"),
        ("kids-wear", "শিশুদের পোশাক", "Children's wear"),
    ]),
    ("handicrafts", "হস্তশিল্প", "Handicrafts", [
        ("nakshi-kantha", "নকশি কাঁথা", "Nakshi kantha"),
        ("bamboo-cane", "বাঁশ ও বেত", "Bamboo and cane"),
        ("pottery", "মৃৎশিল্প", "Pottery"),
        ("jute-goods", "পাটজাত পণ্য", "Jute goods"),
    ]),
    ("beauty", "রূপচর্চা", "Beauty and care", [
        ("herbal-care", "ভেষজ প্রসাধনী", "Herbal care"),
        ("mehedi", "মেহেদি", "Mehedi (henna)"),
        ("handmade-soap", "হাতে তৈরি সাবান", "Handmade soap"),
    ]),
    ("agro-products", "কৃষিপণ্য", "Agro products", [
        ("honey", "মধু", "Honey"),
        ("ghee-oil", "ঘি ও তেল", "Ghee and oil"),
        ("rice-pulses", "চাল ও ডাল", "Rice and pulses"),
        ("fruits", "ফলমূল", "Fruits"),
        ("dried-fish", "শুঁটকি", "Dried fish"),
    ]),
    ("home-decor", "গৃহসজ্জা", "Home decor", [
        ("wall-decor", "দেয়াল সজ্জা", "Wall decor"),
        ("bedsheet-cushion", "বিছানার চাদর ও কুশন কভার", "Bedsheets and cushion covers"),
        ("showpieces", "শোপিস", "Showpieces"),
    ]),
    ("jewellery", "গহনা", "Jewellery", [
        ("handmade-jewellery", "হাতে তৈরি গহনা", "Handmade jewellery"),
        ("jewellery-boxes", "গহনার বাক্স", "Jewellery boxes"),
    ]),
    ("leather-goods", "চামড়াজাত পণ্য", "Leather goods", [
        ("bags-wallets", "ব্যাগ ও মানিব্যাগ", "Bags and wallets"),
        ("shoes-sandals", "জুতা ও স্যান্ডেল", "Shoes and sandals"),
    ]),
]


def seed(apps, schema_editor):
    Category = apps.get_model("vendors", "Category")
    for position, (slug, bn, en, children) in enumerate(CATEGORIES):
        parent, _ = Category.objects.get_or_create(
            slug=slug, defaults={"name_bn": bn, "name_en": en, "position": position}
        )
        for child_position, (child_slug, child_bn, child_en) in enumerate(children):
            Category.objects.get_or_create(
                slug=child_slug,
                defaults={
                    "name_bn": child_bn,
                    "name_en": child_en,
                    "position": child_position,
                    "parent": parent,
                },
            )


def unseed(apps, schema_editor):
    Category = apps.get_model("vendors", "Category")
    slugs = [slug for slug, *_ in CATEGORIES]
    child_slugs = [c[0] for *_, children in CATEGORIES for c in children]
    Category.objects.filter(slug__in=child_slugs).delete()
    Category.objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("vendors", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
