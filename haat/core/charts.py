"""Charts drawn on the server as inline SVG: no JavaScript, no library to download."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe


def bar_chart(points, *, height: int = 180, bar: int = 22, gap: int = 6, label=str, title=""):
    """Return an SVG bar chart of ``points`` [(name, value)], scaled to the largest value.

    ``label(value)`` writes each bar's value; the names go under the bars.
    """
    points = list(points)
    if not points:
        return ""
    top = max((Decimal(str(v)) for _, v in points), default=Decimal(0)) or Decimal(1)
    plot = height - 40
    # A floor on the width: a chart of three haats should not blow its labels up.
    width = max(len(points) * (bar + gap) + gap, 360)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}">'
    ]
    for index, (name, value) in enumerate(points):
        h = int(plot * Decimal(str(value)) / top)
        x = gap + index * (bar + gap)
        y = 20 + plot - h
        parts.append(
            f"<g><title>{escape(name)}: {escape(label(value))}</title>"
            f'<rect x="{x}" y="{y}" width="{bar}" height="{max(h, 1)}" fill="#0a6b3d"></rect>'
            f'<text x="{x + bar / 2}" y="{height - 6}" font-size="9" text-anchor="middle">'
            f"{escape(name)}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
