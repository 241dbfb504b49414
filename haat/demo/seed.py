"""The demo seeder: a believable marketplace to click through, with a haat open now.

Members, shops in many districts, products in every category with real pictures (drawn,
then sent through the upload pipeline), followers, a few past haats with delivered
orders and their closing summaries, the regular calendar, and a haat open right now.

Every stage is safe to run again: demo rows are recognised by their phone numbers and
idempotency keys, so a second run tops up what is missing and duplicates nothing.
``manage.py seed_demo`` parses its options and calls DemoSeeder.run.
"""

from django.utils import timezone

from accounts.models import User
from haat import services as haat_services
from haat.core.formatting import haat_tz
from haat.models import HaatSession
from orders.models import Order
from vendors.models import Product, Vendor

from .common import demo_phone
from .data import ADMIN_PASSWORD, ADMIN_PHONE, MEMBER_PASSWORD, MEMBER_PREFIX, PAST_HAATS
from .haats import HaatStages
from .shops import ShopStages

Status = HaatSession.Status


class DemoSeeder:
    """Run the seeding stages in order, writing progress and a report to ``stdout``.

    ``stdout`` and ``style`` are a management command's (django's OutputWrapper and
    color style); ``seed`` fixes every random choice.
    """

    def __init__(self, stdout, style, *, seed: int):
        self.stdout, self.style = stdout, style
        self.shops = ShopStages(stdout, seed=seed)
        self.haats = HaatStages(stdout, seed=seed)

    def run(
        self,
        *,
        vendors: int,
        products: int,
        members: int | None = None,
        past_haats: int = PAST_HAATS,
    ) -> None:
        """Seed ``vendors`` shops, ``products`` products and ``members`` buying members
        (2 per shop + 20 by default), hold ``past_haats`` past haats, open one now."""
        if members is None:
            members = 2 * vendors + 20
        now = timezone.now()

        admin = self.shops.stage_admin()
        member_list = self.shops.stage_members(members)
        vendor_list = self.shops.stage_vendors(vendors)
        product_list = self.shops.stage_products(vendor_list, products)
        self.shops.stage_pictures(vendor_list, product_list)
        self.shops.stage_follows(member_list, vendor_list)
        self.haats.stage_calendar_base()
        self.haats.stage_past_haats(now, past_haats, member_list, vendor_list)
        haat_services.sessions_plan(now=now)
        current = self.haats.stage_open_now()
        self.report(admin, vendor_list, current)

    def report(self, admin: User, vendors: list[Vendor], current: HaatSession | None) -> None:
        """Write what the demo data holds, the haat open now, and the logins to try."""
        tz = haat_tz()
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
                f"({vendors[0].shop_name}); buyers: {demo_phone(MEMBER_PREFIX, 1)}… same password."
            )
