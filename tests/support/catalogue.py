"""A small catalogue the web and API catalogue tests share."""

from decimal import Decimal

from tests.factories import ProductFactory, VendorFactory
from vendors.models import Category
from vendors.search import search_text_refresh


def make_catalogue() -> dict:
    """Create products of two shops in two districts, in food and clothing; return them."""
    pickles = Category.objects.get(slug="pickles")
    honey = Category.objects.get(slug="honey")
    jamdani = Category.objects.get(slug="jamdani-sharee")
    rangpur = VendorFactory(shop_name="রহিমার রান্নাঘর", slug="rahimar-rannaghor", district="rangpur")
    dhaka = VendorFactory(shop_name="Tanter Chhoa", slug="tanter-chhoa", district="dhaka")
    items = {
        "achar": ProductFactory(
            vendor=rangpur, category=pickles, title="আমের আচার", price=Decimal("250"), stock=5
        ),
        "honey": ProductFactory(
            vendor=rangpur,
            category=honey,
            title="Sundarbans honey",
            description="খাঁটি সুন্দরবনের মধু",
            price=Decimal("900"),
            stock=0,
        ),
        "sharee": ProductFactory(
            vendor=dhaka, category=jamdani, title="Red Jamdani sharee", price=Decimal("7500")
        ),
    }
    search_text_refresh()
    return items
