"""One journey through the marketplace in a real browser, as its people would make it.

A vendor signs up and opens a shop, an admin approves it, the vendor lists a product
with a photo; a buyer on a small Android phone, in Bengali, finds it by a Bengali word,
buys it while the haat is open and follows the order until it is delivered; then she
switches the site to English. A full-page screenshot of each step is saved under
test-artifacts/e2e/.

Elements are found by role and label. Their names are looked up in the site's own
Bengali catalogue (``tr``), so the test reads what the member reads whether or not a
string has been translated yet.
"""

import re
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image, ImageDraw

from accounts.models import User
from orders.models import Order
from vendors import selectors as vendor_selectors
from vendors.models import Category, Vendor

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="needs Playwright (pip install -r requirements-dev.txt)"
)
expect = sync_api.expect

# The live server's threads read what the test writes: no wrapping transaction.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Haat-e2e-pass-2024"
VENDOR_NAME = "রহিমা বেগম"
SHOP_NAME = "রহিমার নকশি ঘর"
BUYER_NAME = "রাশেদা খাতুন"
SEARCH_WORD = "নকশিকাঁথা"
PRODUCT_TITLE = f"হাতে সেলাই {SEARCH_WORD}, রাজশাহীর"
COURIER = "সুন্দরবন কুরিয়ার"
ANDROID_UA = (
    "Mozilla/5.0 (Linux; Android 11; SM-A025F) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"
)
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "bn-BD",
    "timezone_id": "Asia/Dhaka",
    "user_agent": ANDROID_UA,
}


def tr(text, language: str = "bn") -> str:
    """Return ``text`` (a msgid or a lazy label) as the site shows it in ``language``."""
    with translation.override(language):
        return gettext(text) if isinstance(text, str) else str(text)


def field_label(msgid: str) -> re.Pattern:
    """Return a pattern matching exactly a form field's label ("Name:", not "Shop name:")."""
    return re.compile(rf"^\s*{re.escape(tr(msgid))}\s*:?\s*$")


@pytest.fixture
def open_haat(make_open_haat):
    """Return haat #261, open now for eleven more hours."""
    return make_open_haat(number=261)


@pytest.fixture
def nakshi_kantha():
    """Return the seeded Handicrafts › Nakshi kantha category (re-made after a flush)."""
    top, _ = Category.objects.get_or_create(
        slug="handicrafts", defaults={"name_bn": "হস্তশিল্প", "name_en": "Handicrafts"}
    )
    leaf, _ = Category.objects.get_or_create(
        slug="nakshi-kantha",
        defaults={"name_bn": "নকশি কাঁথা", "name_en": "Nakshi kantha", "parent": top},
    )
    # The tree is cached across tests; a flushed database must not leave stale ids there.
    vendor_selectors.category_tree_changed()
    return leaf


@pytest.fixture
def admin_user():
    return User.objects.create_superuser("01900000001", PASSWORD, name="Haat Moderator")


@pytest.fixture
def kantha_photo(tmp_path):
    """Return a phone-camera JPEG: stored 640×480 with EXIF orientation 6 (turn 90° right)."""
    image = Image.new("RGB", (640, 480), "#f3e9d2")
    draw = ImageDraw.Draw(image)
    for i, colour in enumerate(["#b3261e", "#0a6b3d", "#1a4f8b", "#d08c00"]):
        draw.rectangle([40 + i * 140, 40, 140 + i * 140, 440], outline=colour, width=12)
    # A solid bar on the stored top edge: after turning it is on the right side.
    draw.rectangle([0, 0, 640, 24], fill="#b3261e")
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "kantha.jpg"
    image.save(path, "JPEG", quality=88, exif=exif)
    return path


def test_vendor_sells_and_buyer_receives_a_nakshi_kantha_in_a_real_browser(
    new_context, screenshot, open_haat, nakshi_kantha, admin_user, kantha_photo
):
    # --- 1. A vendor signs up with a +880 number and opens a shop with a Bengali name.
    vendor = new_context(**PHONE).new_page()
    vendor.goto("/")
    vendor.get_by_role("link", name=tr("Sign up"), exact=True).click()
    vendor.get_by_label(field_label("Your name")).fill(VENDOR_NAME)
    vendor.get_by_label(field_label("Mobile number")).fill("+880 1711-223344")
    vendor.get_by_label(field_label("Password")).fill(PASSWORD)
    vendor.get_by_role("button", name=tr("Create account")).click()
    expect(vendor.get_by_text(tr("Welcome to the haat!"))).to_be_visible()

    vendor.get_by_role("link", name=tr("My shop")).click()
    expect(vendor.get_by_role("heading", name=tr("Open a shop"))).to_be_visible()
    vendor.get_by_label(field_label("Shop name")).fill(SHOP_NAME)
    vendor.get_by_label(field_label("District")).select_option(label="রংপুর")
    vendor.get_by_label(field_label("Upazila")).fill("পীরগঞ্জ")
    vendor.get_by_label(field_label("Training batch number")).fill("১২")
    vendor.get_by_label(field_label("Shop phone")).fill("+880 1711 223344")
    vendor.get_by_label(field_label("bKash number")).fill("০১৭১১২২৩৩৪৪")
    vendor.get_by_role("button", name=tr("Apply for a shop")).click()
    expect(vendor.get_by_role("heading", name=SHOP_NAME)).to_be_visible()
    waiting = tr(
        "Your shop is waiting for approval. You can add products now; buyers will see "
        "them once an admin approves the shop."
    )
    expect(vendor.get_by_text(waiting)).to_be_visible()
    screenshot(vendor, "01-vendor-shop-waiting-for-approval")

    # --- 2. An admin approves the shop with the changelist action.
    admin = new_context(viewport={"width": 1280, "height": 800}, locale="en-US").new_page()
    admin.goto("/admin/")
    admin.get_by_label(re.compile(r"^Mobile number")).fill("01900000001")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Log in").click()
    expect(admin.get_by_role("button", name="Log out")).to_be_visible()
    admin.get_by_role("link", name="Shops", exact=True).click()
    row = admin.get_by_role("row").filter(has_text=SHOP_NAME)
    expect(row).to_contain_text("Pending approval")
    row.get_by_role("checkbox").check()
    admin.get_by_role("combobox", name=re.compile(r"^Action")).select_option("approve_shops")
    admin.get_by_role("button", name="Go").click()
    expect(admin.get_by_text("1 shop was approved.")).to_be_visible()
    expect(row).to_contain_text("Approved")
    screenshot(admin, "02-admin-approved-the-shop")

    # --- 3. The vendor, now approved, lists a product with a photo from the phone.
    vendor.reload()
    expect(vendor.get_by_text(waiting)).to_have_count(0)
    vendor.get_by_role("link", name=tr("Add a product")).click()
    vendor.get_by_label(field_label("Title")).fill(PRODUCT_TITLE)
    vendor.get_by_label(field_label("Description")).fill(
        "খাঁটি সুতির কাপড়ে হাতে সেলাই করা নকশিকাঁথা। মাপ ৭ × ৫ ফুট।"
    )
    vendor.get_by_label(field_label("Category")).select_option(label="নকশি কাঁথা")
    vendor.get_by_label(field_label("Price (৳)")).fill("১২৫০")
    vendor.get_by_label(field_label("Unit")).select_option("piece")
    vendor.get_by_label(field_label("Stock")).fill("৫")
    vendor.get_by_label(field_label("Photos")).set_input_files(kantha_photo)
    vendor.get_by_role("button", name=tr("Save")).click()
    expect(vendor.get_by_text(tr("The product is saved."))).to_be_visible()
    expect(vendor.get_by_role("heading", name=PRODUCT_TITLE)).to_be_visible()
    expect(vendor.get_by_text(tr("Cover"), exact=True)).to_be_visible()
    screenshot(vendor, "03-vendor-product-listed-with-photo")

    # --- 4. A buyer on a 360-pixel Android phone finds it by a Bengali word and buys it.
    buyer = new_context(**PHONE).new_page()
    buyer.goto("/")
    buyer.get_by_role("link", name=tr("Sign up"), exact=True).click()
    buyer.get_by_label(field_label("Your name")).fill(BUYER_NAME)
    buyer.get_by_label(field_label("Mobile number")).fill("+8801812345678")
    buyer.get_by_label(field_label("Password")).fill(PASSWORD)
    buyer.get_by_role("button", name=tr("Create account")).click()
    expect(buyer.get_by_text(tr("Welcome to the haat!"))).to_be_visible()

    search = buyer.get_by_role("searchbox", name=tr("Search"))
    search.fill(SEARCH_WORD)
    search.press("Enter")
    buyer.wait_for_url(re.compile(r"/products/\?q="))
    result = buyer.get_by_role("heading", name=PRODUCT_TITLE)
    expect(result).to_be_visible()
    screenshot(buyer, "04a-buyer-search-results")
    result.get_by_role("link").click()

    photo = buyer.get_by_role("img", name=PRODUCT_TITLE).first
    expect(photo).to_be_visible()
    natural = photo.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert 0 < natural[0] < natural[1], f"the photo is not turned upright: {natural}"
    expect(buyer.get_by_text("৳১,২৫০.০০")).to_be_visible()
    screenshot(buyer, "04b-buyer-product-page")
    buyer.get_by_role("button", name=tr("Add to cart")).click()
    expect(buyer.get_by_text(tr("Added to your cart."))).to_be_visible()
    buyer.get_by_role("link", name=tr("Checkout"), exact=True).click()

    expect(buyer.get_by_role("heading", name=tr("Checkout"), exact=True)).to_be_visible()
    buyer.get_by_label(field_label("Name")).fill(BUYER_NAME)
    buyer.get_by_label(field_label("Mobile number")).fill("+880 1812-345678")
    buyer.get_by_label(field_label("District")).select_option(label="ঢাকা")
    buyer.get_by_label(field_label("Address")).fill("বাড়ি ১২, রোড ৫, মিরপুর ১০")
    buyer.get_by_label(tr(Order.PaymentMethod.COD.label)).check()
    screenshot(buyer, "04c-buyer-checkout")
    buyer.get_by_role("button", name=tr("Place order")).click()
    expect(
        buyer.get_by_role("heading", name=tr("Thank you! Your orders are placed."))
    ).to_be_visible()
    buyer.get_by_role("link", name=tr("My orders")).click()
    order_row = buyer.get_by_role("row").filter(has_text=SHOP_NAME)
    expect(order_row).to_contain_text(tr(Order.Status.PLACED.label))
    expect(order_row).to_contain_text("৳১,৩৭০.০০")  # ৳1,250 + ৳120 delivery outside Rangpur
    screenshot(buyer, "04d-buyer-my-orders")

    # --- 5. The vendor confirms, ships and delivers; the buyer sees it delivered.
    vendor.goto("/dashboard/")
    vendor.get_by_role("navigation", name=tr("Shop dashboard")).get_by_role(
        "link", name=tr("Orders")
    ).click()
    vendor.get_by_role("row").filter(has_text=BUYER_NAME).get_by_role("link").click()
    vendor.get_by_role("button", name=tr("Confirm"), exact=True).click()
    expect(vendor.get_by_text(tr("Order updated."))).to_be_visible()
    expect(vendor.get_by_role("heading", level=1)).to_contain_text(tr(Order.Status.CONFIRMED.label))
    vendor.get_by_label(field_label("Courier")).fill(COURIER)
    vendor.get_by_label(field_label("Tracking code")).fill("SB-4471")
    vendor.get_by_role("button", name=tr("Mark shipped")).click()
    expect(vendor.get_by_role("heading", level=1)).to_contain_text(tr(Order.Status.SHIPPED.label))
    vendor.get_by_role("button", name=tr("Mark delivered")).click()
    expect(vendor.get_by_role("heading", level=1)).to_contain_text(tr(Order.Status.DELIVERED.label))
    screenshot(vendor, "05a-vendor-order-delivered")

    buyer.reload()
    order_row = buyer.get_by_role("row").filter(has_text=SHOP_NAME)
    expect(order_row).to_contain_text(tr(Order.Status.DELIVERED.label))
    order_row.get_by_role("link").click()
    expect(buyer.get_by_text(tr(Order.Status.DELIVERED.label)).first).to_be_visible()
    expect(buyer.get_by_text(COURIER)).to_be_visible()
    screenshot(buyer, "05b-buyer-order-delivered")

    # --- 6. The buyer switches the site to English.
    expect(buyer.locator("html")).to_have_attribute("lang", "bn")
    buyer.get_by_role("button", name="English").click()
    expect(buyer.locator("html")).to_have_attribute("lang", "en")
    expect(buyer.get_by_role("button", name="বাংলা")).to_be_visible()
    expect(buyer.get_by_text("Delivered", exact=True)).to_be_visible()
    expect(buyer.get_by_role("heading", name="History")).to_be_visible()
    expect(buyer.get_by_text("৳1,370.00").first).to_be_visible()
    screenshot(buyer, "06-buyer-site-in-english")

    # And the records behind the pages agree.
    shop = Vendor.objects.get()
    assert (shop.shop_name, shop.status, shop.owner.phone) == (
        SHOP_NAME,
        Vendor.Status.APPROVED,
        "01711223344",
    )
    order = Order.objects.get()
    assert order.status == Order.Status.DELIVERED
    assert (order.total, order.courier, order.payment_method) == (
        Decimal("1370.00"),
        COURIER,
        Order.PaymentMethod.COD,
    )
    assert order.buyer.language == "en"
