"""Template filters for how the haat reads: money, digits, Dhaka time."""

from django import template
from django.core.files.storage import default_storage

from haat.core import pagecache
from haat.core.charts import bar_chart as draw_bar_chart
from haat.core.formatting import format_dhaka, format_lakh_crore, format_taka, local_digits

register = template.Library()


@register.filter
def taka(amount):
    """Return ``amount`` as ৳ with South Asian grouping (Bengali digits in Bengali)."""
    if amount in (None, ""):
        return ""
    return format_taka(amount)


@register.filter
def digits(value):
    """Return ``value`` with Bengali digits when Bengali is active."""
    return local_digits(value)


@register.filter
def dhaka(value, fmt="d/m/Y H:i"):
    """Return an aware datetime in Asia/Dhaka, formatted, in the active language's digits."""
    return format_dhaka(value, fmt)


@register.filter
def media_url(path):
    """Return the URL of a stored file's path (annotated values are plain paths)."""
    if not path:
        return ""
    return default_storage.url(str(path))


@register.filter
def lakh_crore(amount):
    """Return a large total in lakh/crore words (২৫ কোটি, 3.2 lakh)."""
    if amount in (None, ""):
        return ""
    return format_lakh_crore(amount)


@register.simple_tag
def bar_chart(points, title="", money=False):
    """Draw ``points`` [(name, value)] as an inline SVG bar chart."""
    return draw_bar_chart(points, title=title, label=format_taka if money else local_digits)


@register.filter
def stars(rating):
    """Return a 1-5 rating as stars: ★★★★☆."""
    try:
        filled = max(0, min(5, int(rating)))
    except (TypeError, ValueError):
        return ""
    return "★" * filled + "☆" * (5 - filled)


@register.simple_tag(takes_context=True)
def server_now(context):
    """The server's clock in Unix seconds (a hole in a cached page, filled per request)."""
    return pagecache.server_now(context["request"])


@register.filter
def epoch(value):
    """Unix seconds of a datetime (the countdown's target)."""
    return int(value.timestamp()) if value else ""


@register.simple_tag(takes_context=True)
def personal(context, template_name):
    """Render a part of the page that differs per member (the header's sign-in part, the
    flash messages); while a page is captured for members, leave its hole instead."""
    hole = pagecache.personal_hole(context.get("request"), template_name)
    if hole is not None:
        return hole
    return context.template.engine.get_template(template_name).render(context)
