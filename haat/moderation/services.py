"""Every write to reports: a member reports an object; a moderator resolves its reports."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import notify_on_commit
from haat.core.formatting import local_digits

from .errors import AlreadyReported
from .kinds import kind_of
from .models import TEXT_MAX_LENGTH, Report
from .selectors import reports_of

NOTE_MAX_LENGTH = 1000


def _length_check(field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise ValidationError(
            {field: _("Write at most %(limit)s characters.") % {"limit": local_digits(limit)}},
            code="max_length",
        )


def report_create(*, reporter, target, reason: str, text: str = "") -> Report:
    """Report ``target`` (an object of a registered kind) for ``reason``, with optional text.

    The door finds ``target`` as members see it (``ReportKind.visible``). Raises
    ValidationError for a reason not in ``Report.Reason`` or a text over 1000 characters,
    AlreadyReported if the member has reported this object before, LookupError for an
    object of no registered kind.
    """
    kind_of(target)
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")}, code="invalid")
    text = (text or "").strip()
    _length_check("text", text, TEXT_MAX_LENGTH)
    try:
        with transaction.atomic():
            return Report.objects.create(reporter=reporter, target=target, reason=reason, text=text)
    except IntegrityError as exc:
        raise AlreadyReported from exc


def actions_for(target) -> list[str]:
    """Return the actions a moderator can take on ``target``: dismiss, and its kind's."""
    return [Report.Action.DISMISS, *kind_of(target).actions]


def reports_resolve(*, target, action: str, actor, note: str = "") -> int:
    """Act on ``target`` and resolve its open reports; return how many were resolved.

    ``action`` is a ``Report.Action`` its kind takes (dismiss always). The reports open
    now are locked, the action done (through the service of the object's app), and each
    of them resolved by compare-and-swap from open with who, when, the action and the
    note; every one of their reporters is told the outcome once it commits. With no
    report open (another moderator was first) nothing is done and 0 returned.

    Raises ValueError for an action the object's kind does not take, LookupError for an
    object of no registered kind, ValidationError for a note over 1000 characters or from
    the action's own service (suspending a shop needs a reason: the note).
    """
    kind = kind_of(target)
    if action != Report.Action.DISMISS and action not in kind.actions:
        raise ValueError(f"{kind.name} does not take {action}")
    note = (note or "").strip()
    _length_check("note", note, NOTE_MAX_LENGTH)
    with transaction.atomic():
        open_reports = reports_of(target).filter(status=Report.Status.OPEN)
        rows = list(open_reports.select_for_update().values_list("pk", "reporter_id"))
        if not rows:
            return 0
        if action != Report.Action.DISMISS:
            kind.actions[action](target, actor=actor, note=note)
        resolved = Report.objects.filter(
            pk__in=[pk for pk, _reporter in rows], status=Report.Status.OPEN
        ).update(
            status=Report.Status.RESOLVED,
            action=action,
            note=note,
            resolved_at=timezone.now(),
            resolved_by=actor,
        )
        notify_on_commit(
            kind="report_resolved",
            # One report per member per object: the object names the message.
            key=f"{kind.name}:{target.pk}",
            user_ids=[reporter for _pk, reporter in rows],
            params={"kind": kind.name, "name": kind.name_of(target), "action": action},
        )
    return resolved
