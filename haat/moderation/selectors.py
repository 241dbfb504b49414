"""Reads of reports that the report page, the API and the moderators' queue share."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Subquery

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
    object's open reports. The moderators' queue, most reported first, then oldest.

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
    return (
        queryset.filter(status=Report.Status.OPEN, pk=Subquery(first))
        .annotate(open_count=Subquery(count))
        .order_by(*QUEUE_ORDER)
    )


QUEUE_ORDER = ["-open_count", "created_at", "pk"]
