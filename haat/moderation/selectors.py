"""Reads of reports that the report page, the API and the moderators' queue share."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Count, OuterRef, Subquery

from .kinds import kinds
from .models import Report


def reports_of(target):
    """Return the reports of ``target`` (any status)."""
    content_type = ContentType.objects.get_for_model(target)
    return Report.objects.filter(content_type=content_type, object_id=target.pk)


def has_reported(user, target) -> bool:
    """Return whether ``user`` has reported ``target`` already."""
    return user.is_authenticated and reports_of(target).filter(reporter=user).exists()


def open_queue(queryset=None):
    """Return one open report per reported object, its first, with ``open_count``: the
    object's open reports, and ``reason_counts``: {reason: count} of them; the reported
    object prefetched (``target``). The moderators' queue, most reported first, then
    oldest: a fixed number of queries per page.

    Served by the partial index ``report_open_queue``.
    """
    queryset = Report.objects.all() if queryset is None else queryset
    same = Report.objects.filter(
        status=Report.Status.OPEN,
        content_type=OuterRef("content_type"),
        object_id=OuterRef("object_id"),
    )
    count = same.order_by().values("content_type").annotate(n=Count("pk")).values("n")
    first = same.order_by("created_at", "pk").values("pk")[:1]
    by_reason = {
        f"reason_{reason}": Subquery(
            same.filter(reason=reason)
            .order_by()
            .values("content_type")
            .annotate(n=Count("pk"))
            .values("n")
        )
        for reason in Report.Reason.values
    }
    return (
        queryset.filter(status=Report.Status.OPEN, pk=Subquery(first))
        .annotate(open_count=Subquery(count), **by_reason)
        .prefetch_related(GenericPrefetch("target", [k.queue_queryset() for k in kinds()]))
        .order_by(*QUEUE_ORDER)
    )


def reason_counts(row) -> list[tuple[str, int]]:
    """Return a queue row's (reason, count) pairs, most frequent first."""
    counts = [(reason, getattr(row, f"reason_{reason}") or 0) for reason in Report.Reason.values]
    return sorted((pair for pair in counts if pair[1]), key=lambda pair: -pair[1])


QUEUE_ORDER = ["-open_count", "created_at", "pk"]
