"""Shops: applying, approval, rejection and suspension, the profile, the slug and the logo."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.notifications import notify_on_commit
from accounts.phone import to_ascii_digits
from haat.core.formatting import local_digits
from haat.core.text import clean_text

from ..images import ImageRejected, process_logo
from ..models import SHOP_NAME_TAKEN, Vendor, shop_slugify
from ..search import search_text_refresh
from .files import files_delete

# The longest reason a moderator may write: it is sent by SMS with the subject.
STATUS_REASON_MAX_LENGTH = 1000


def status_reason_clean(reason: str) -> str:
    """Return a moderator's reason without invisible characters or surrounding space.

    Raises ValidationError (code ``reason_required``) when nothing is left, or
    (``reason_too_long``) past STATUS_REASON_MAX_LENGTH characters.
    """
    reason = clean_text(str(reason or "")).strip()
    if not reason:
        raise ValidationError(
            _("Write the reason: the shop's owner will read it."), code="reason_required"
        )
    if len(reason) > STATUS_REASON_MAX_LENGTH:
        raise ValidationError(
            _("The reason can be at most %(limit)s characters long.")
            % {"limit": local_digits(STATUS_REASON_MAX_LENGTH)},
            code="reason_too_long",
        )
    return reason


def _status_set(
    *, vendor_id: int, to: str, reason: str, actor, kind: str, now=None, **fields
) -> bool:
    """Move the shop to ``to`` if Vendor.TRANSITIONS allows it from its status now,
    recording the reason, the moment and the actor; return whether it moved.

    Compare-and-swap: one UPDATE whose WHERE holds the statuses it may leave, so of two
    moderators acting at once only one changes the shop and only one owner message goes.
    The owner is told (``kind``) once the change commits.
    """
    sources = [old for old, targets in Vendor.TRANSITIONS.items() if to in targets]
    now = now or timezone.now()
    with transaction.atomic():
        changed = Vendor.objects.filter(pk=vendor_id, status__in=sources).update(
            status=to,
            status_reason=reason,
            status_changed_at=now,
            status_changed_by=actor,
            **fields,
        )
        if changed:
            owner_id = Vendor.objects.values_list("owner_id", flat=True).get(pk=vendor_id)
            params = {"vendor_id": vendor_id}
            if reason:
                params["reason"] = reason
            notify_on_commit(
                kind=kind,
                key=f"vendor:{vendor_id}:{now.isoformat()}",
                user_ids=[owner_id],
                params=params,
            )
    return bool(changed)


def vendor_approve(*, vendor_id: int, actor=None) -> bool:
    """Approve a pending, rejected or suspended shop; return False if it was already
    approved. ``actor`` is the moderator (None for the system); an earlier reason is
    cleared.

    The owner is told once the approval commits. Raises nothing.
    """
    now = timezone.now()
    return _status_set(
        vendor_id=vendor_id,
        to=Vendor.Status.APPROVED,
        reason="",
        actor=actor,
        kind="vendor_approved",
        now=now,
        approved_at=now,
    )


def vendor_reject(*, vendor_id: int, reason: str, actor) -> bool:
    """Reject a pending shop's application, saying why; return False if the shop was not
    pending (already rejected, approved or suspended: left as it is).

    The owner reads ``reason`` on the dashboard and in the message sent once the
    rejection commits; editing the profile applies again (vendor_update). Raises
    ValidationError (status_reason_clean) for a missing or too long reason.
    """
    return _status_set(
        vendor_id=vendor_id,
        to=Vendor.Status.REJECTED,
        reason=status_reason_clean(reason),
        actor=actor,
        kind="vendor_rejected",
    )


def vendor_suspend(*, vendor_id: int, reason: str, actor) -> bool:
    """Suspend a shop, saying why (it lists and sells nothing); return False if it was
    already suspended.

    The owner is told once the suspension commits; only a moderator's approval
    (vendor_approve) lifts it. Raises ValidationError (status_reason_clean) for a
    missing or too long reason.
    """
    return _status_set(
        vendor_id=vendor_id,
        to=Vendor.Status.SUSPENDED,
        reason=status_reason_clean(reason),
        actor=actor,
        kind="vendor_suspended",
    )


def shop_catalogue_check(*, vendor_id: int) -> None:
    """Raise ValidationError (code ``suspended``) if the shop is suspended: its catalogue
    stays as the moderators left it until it is approved again."""
    if Vendor.objects.filter(pk=vendor_id, status=Vendor.Status.SUSPENDED).exists():
        raise ValidationError(
            _("Your shop is suspended: its products cannot be changed."), code="suspended"
        )


def vendor_logo_set(*, vendor: Vendor, upload) -> Vendor:
    """Process ``upload`` into the shop's square logo, replacing any earlier one.

    Raises ImageRejected (a ValidationError) for an unacceptable upload, leaving the old
    logo in place. The old file is removed once the change commits.
    """
    content = process_logo(upload)
    storage = Vendor._meta.get_field("logo").storage
    previous = vendor.logo.name
    written: list[str] = []
    try:
        with transaction.atomic():
            old = (
                Vendor.objects.select_for_update().values_list("logo", flat=True).get(pk=vendor.pk)
            )
            vendor.logo.save(content.name, content, save=False)
            written.append(vendor.logo.name)
            # Only the logo column: the caller's copy of the other fields may be stale.
            Vendor.objects.filter(pk=vendor.pk).update(logo=vendor.logo.name)
            if old:
                transaction.on_commit(lambda: files_delete(storage, [old]))
    except BaseException:
        files_delete(storage, written)
        vendor.logo.name = previous
        raise
    return vendor


def vendor_logo_cleanup(sender, instance: Vendor, **kwargs) -> None:
    """post_delete handler: remove a deleted shop's logo file once the deletion commits."""
    if instance.logo:
        storage = Vendor._meta.get_field("logo").storage
        name = instance.logo.name
        transaction.on_commit(lambda: files_delete(storage, [name]))


# The profile fields a member sets; slug, owner, status and logo are the services' own.
VENDOR_PROFILE_FIELDS = (
    "shop_name",
    "phone",
    "district",
    "upazila",
    "batch_number",
    "bkash_number",
    "nagad_number",
    "rocket_number",
    "description",
    "delivery_charge_inside",
    "delivery_charge_outside",
)


# A name made only of signs slugify drops (or of punctuation) still needs a slug.
FALLBACK_SLUG = "shop"


_SLUG_ATTEMPTS = 5


_ROCKET_NUMBER = re.compile(r"\d{11,12}")


def rocket_number_normalise(value: str) -> str:
    """Return a Rocket account number as 11 or 12 ASCII digits ("" stays "").

    Bengali digits, spaces and dashes are accepted. Raises ValidationError otherwise.
    """
    digits = re.sub(r"[\s\-]", "", to_ascii_digits(str(value or "")))
    if digits and not _ROCKET_NUMBER.fullmatch(digits):
        raise ValidationError(
            _("A Rocket number has 11 or 12 digits."), code="invalid_rocket_number"
        )
    return digits


def _profile_apply(vendor: Vendor, data: dict) -> list[str]:
    """Set the profile fields found in ``data`` on ``vendor``; return the changed names.

    Raises ValidationError (by field) for a value the model refuses.
    """
    changed = []
    for name in VENDOR_PROFILE_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "rocket_number":
            try:
                value = rocket_number_normalise(value)
            except ValidationError as exc:
                raise ValidationError({name: exc.error_list}) from exc
        elif value is None and name in ("bkash_number", "nagad_number", "description"):
            value = ""
        if getattr(vendor, name) != value:
            setattr(vendor, name, value)
            changed.append(name)
    # Owner and slug are checked by the database's unique constraints (see vendor_apply);
    # the logo goes through the image pipeline.
    # The look-alike name is checked by Vendor.clean, with the error on the name itself;
    # its unique constraint is the database's backstop against a race.
    vendor.full_clean(exclude=["owner", "slug", "logo", "shop_name_key"])
    return changed


def _slug_base(shop_name: str) -> str:
    max_length = Vendor._meta.get_field("slug").max_length - 4  # room for "-999"
    return shop_slugify(shop_name)[:max_length].strip("-_") or FALLBACK_SLUG


def _slug_free(base: str) -> str:
    """Return ``base`` or the first ``base-N`` (N ≥ 2) no shop has yet."""
    taken = set(Vendor.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _logo_replace(*, vendor: Vendor, upload) -> str:
    """Set the shop's logo; return the new file's name. Raises ValidationError on logo."""
    try:
        vendor_logo_set(vendor=vendor, upload=upload)
    except ImageRejected as exc:
        raise ValidationError({"logo": exc.error_list}) from exc
    return vendor.logo.name


def _written_logo_forget(vendor: Vendor, name: str) -> None:
    # vendor_logo_set cleans up after its own failures only; when the transaction around
    # it rolls back later, the file it wrote is ours to remove.
    files_delete(Vendor._meta.get_field("logo").storage, [name])


def vendor_apply(*, owner, data: dict, logo=None) -> Vendor:
    """Open a shop for ``owner``, pending approval; return it.

    ``data`` holds the profile fields (VENDOR_PROFILE_FIELDS). The slug is the shop name
    slugified with Unicode kept ("shop" when nothing is left), made unique with -2, -3,
    …; it never changes afterwards. Raises ValidationError for an invalid field, for a
    member who already has a shop ("You already have a shop"), or on ``logo`` for an
    unacceptable picture; on any error no shop row and no logo file is left.
    """
    vendor = Vendor(owner=owner, status=Vendor.Status.PENDING)
    _profile_apply(vendor, data)
    base = _slug_base(vendor.shop_name)
    written_logo = ""
    try:
        with transaction.atomic():
            for _attempt in range(_SLUG_ATTEMPTS):
                vendor.slug = _slug_free(base)
                try:
                    # A savepoint: a lost race for the slug leaves the transaction usable.
                    with transaction.atomic():
                        vendor.save(force_insert=True)
                    break
                except IntegrityError:
                    # One shop per member is the OneToOne's unique constraint; this asks
                    # which constraint refused the row, it does not decide the rule.
                    if Vendor.objects.filter(owner_id=owner.pk).exists():
                        raise ValidationError(
                            _("You already have a shop."), code="shop_exists"
                        ) from None
                    if vendor.name_taken():
                        raise ValidationError(
                            {"shop_name": SHOP_NAME_TAKEN}, code="shop_name_taken"
                        ) from None
                    vendor.pk = None
            else:
                raise ValidationError(
                    {"shop_name": _("Could not find a free web address; try again.")},
                    code="slug_busy",
                )
            if logo:
                written_logo = _logo_replace(vendor=vendor, upload=logo)
    except BaseException:
        if written_logo:
            _written_logo_forget(vendor, written_logo)
        vendor.pk = None
        raise
    return vendor


def vendor_update(*, vendor: Vendor, data: dict, logo=None) -> Vendor:
    """Change a shop's profile (and logo, when given); return the shop as saved.

    The slug never changes. A new shop name is written into its products' search text,
    so that search finds them by it. Saving a rejected shop applies again: it goes back
    to pending, its status alone changed (the moderators' reason stays readable until
    they decide again); a suspended shop stays suspended. Raises ValidationError for
    invalid fields or an unacceptable logo; then nothing is changed.
    """
    written_logo = ""
    try:
        with transaction.atomic():
            # The lock also orders a reapplication after a moderator's change of status.
            locked = Vendor.objects.select_for_update().get(pk=vendor.pk)
            changed = _profile_apply(locked, data)
            if locked.status == Vendor.Status.REJECTED:
                locked.status = Vendor.Status.PENDING
                changed.append("status")
            if changed:
                try:
                    with transaction.atomic():
                        locked.save(update_fields=[*changed, "updated_at"])
                except IntegrityError:
                    # Only the look-alike name is unique among the fields a member edits.
                    raise ValidationError(
                        {"shop_name": SHOP_NAME_TAKEN}, code="shop_name_taken"
                    ) from None
            if "shop_name" in changed:
                search_text_refresh(vendor_id=locked.pk)
            if logo:
                written_logo = _logo_replace(vendor=locked, upload=logo)
    except BaseException:
        if written_logo:
            _written_logo_forget(locked, written_logo)
        raise
    return locked
