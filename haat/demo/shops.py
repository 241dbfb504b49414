"""The demo seeder's members, shops and catalogue: who sells what, with its pictures.

Demo members are recognised by their phone prefixes (data.OWNER_PREFIX, MEMBER_PREFIX):
a second run creates only the missing ones, and tops the products up to the count asked.
"""

from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from haat.core.formatting import bn_digits
from vendors import services as vendor_services
from vendors.districts import DISTRICTS
from vendors.images import process_image
from vendors.models import Category, Follow, Product, Vendor
from vendors.search import search_text_refresh

from .common import Stages, demo_phone, has_bengali, seeded_rng
from .data import (
    ADMIN_PASSWORD,
    ADMIN_PHONE,
    GENERIC_SHOP_NAMES,
    MEMBER_NAMES,
    MEMBER_PASSWORD,
    MEMBER_PREFIX,
    OWNER_PREFIX,
    PRODUCTS,
    SHOP_ABOUT,
    SHOP_NAMES,
)
from .pictures import picture


def _money(amount: float) -> Decimal:
    step = 5 if amount < 300 else 10
    return Decimal(max(step, round(amount / step) * step)).quantize(Decimal("0.01"))


def _leaves() -> list[Category]:
    return list(
        Category.objects.filter(parent__isnull=False)
        .select_related("parent")
        .order_by("parent__position", "parent__pk", "position", "pk")
    )


def _tops() -> list[Category]:
    return list(Category.objects.filter(parent__isnull=True).order_by("position", "pk"))


class ShopStages(Stages):
    """The admin, the members, the shops, their products and pictures, and follows."""

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
                    language="bn" if has_bengali(name) or index % 4 else "en",
                )
            )
        User.objects.bulk_create(new, batch_size=500)
        bar = self.progress(label, len(phones))
        bar.done()
        return {user.phone: user for user in User.objects.filter(phone__in=phones)}

    def stage_members(self, count: int) -> list[User]:
        """Create ``count`` buying members (phones 0166…); return them."""
        phones = [demo_phone(MEMBER_PREFIX, n) for n in range(1, count + 1)]
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
        phones = [demo_phone(OWNER_PREFIX, n) for n in range(1, count + 1)]
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
            districts = seeded_rng(self.seed, "districts").sample(DISTRICTS, len(DISTRICTS))
            now = timezone.now()
            new = []
            for index, phone in planned:
                rng = seeded_rng(self.seed, "vendor", index)
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
        self.progress("shops", count).done()
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
        number = bn_digits(repeat + 1) if has_bengali(name) else str(repeat + 1)
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
                rng = seeded_rng(self.seed, "product", n)
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
        self.progress("products", count).done()
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
        bar = self.progress("pictures", len(bare) + len(logoless))
        for product in bare:
            english = product.description.split("\n\n")[-1]
            letter = next((c for c in english if c.isascii() and c.isalpha()), "H").upper()
            position = tops.get(product.category.parent_id, 0)
            data = picture(letter, position, position + product.pk % 2, (640, 480))
            # Stored as an admin would: a suspended demo shop gets its pictures too.
            vendor_services.product_image_store(
                product=product, processed=process_image(ContentFile(data, name="demo.jpg"))
            )
            bar.advance()
        for vendor in logoless:
            letter = vendor.slug[:1].upper() or "H"
            data = picture(letter, vendor.pk, 0, (320, 320))
            vendor_services.vendor_logo_set(vendor=vendor, upload=ContentFile(data, name="l.jpg"))
            bar.advance()
        bar.done()

    def stage_follows(self, members: list[User], vendors: list[Vendor]) -> None:
        """Let each member follow a few approved shops (existing follows are kept)."""
        approved = [v for v in vendors if v.status == Vendor.Status.APPROVED]
        follows = []
        if approved:
            for index, member in enumerate(members):
                rng = seeded_rng(self.seed, "follows", index)
                for vendor in rng.sample(approved, min(len(approved), rng.randint(0, 4))):
                    follows.append(Follow(user=member, vendor=vendor))
        with transaction.atomic():
            # The (member, shop) pair is unique: a second run's rows are skipped by it.
            Follow.objects.bulk_create(follows, batch_size=1000, ignore_conflicts=True)
        self.progress("follows", len(follows)).done()
