"""Bar charts drawn on the server as inline SVG: no JavaScript, no image requests.

A chart is a picture of the table beside it (the numbers and full labels are there): it has
``role="img"`` and a title naming what it shows, and its contents are not read out separately.
Bars grow from the inline-start side, the right in Arabic: SVG coordinates are physical, so the
chart is drawn mirrored for right-to-left pages rather than flipped by CSS. Colours come from
the page's custom properties (link colour for bars), so high-contrast mode recolours them.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 480  # small, so the text scales up to a readable size in a half-width column
ROW = 46
PAD = 6
BAR_TOP = 22
BAR_HEIGHT = 16
LABEL_BASELINE = 16
VALUE_ROOM = 72  # kept free beyond the longest bar for its number
LABEL_MAX = 60
BAR_STYLE = "fill: var(--bs-link-color, #0a583c)"
TRACK_STYLE = "fill: var(--bs-secondary-bg, #e9ecef)"


def _short(label: str) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def bar_chart(
    *, title: str, bars: list[tuple[str, float, str]], rtl: bool, ident: str
) -> SafeString:
    """An SVG of horizontal bars: ``bars`` are (label, fraction 0–1 of the full length, the
    number written at the bar's end). ``ident`` makes the ids unique on the page."""
    if not bars:
        return mark_safe("")
    span = WIDTH - VALUE_ROOM
    direction = "rtl" if rtl else "ltr"
    height = PAD * 2 + ROW * len(bars)
    rows = []
    for index, (label, fraction, value) in enumerate(bars):
        fraction = min(max(float(fraction or 0), 0.0), 1.0)
        length = round(span * fraction, 1)
        if fraction > 0 and length < 2:
            length = 2.0
        top = PAD + index * ROW
        # Physical x of the bar's start, its end, and where the label and the number begin.
        start = WIDTH - length if rtl else 0
        end = WIDTH - length - 6 if rtl else length + 6
        label_x = WIDTH if rtl else 0
        track_x = WIDTH - span if rtl else 0
        rows.append(
            (
                label_x,
                top + LABEL_BASELINE,
                direction,
                _short(label),
                track_x,
                top + BAR_TOP,
                span,
                BAR_HEIGHT,
                TRACK_STYLE,
                start,
                top + BAR_TOP,
                length,
                BAR_HEIGHT,
                BAR_STYLE,
                end,
                top + BAR_TOP + BAR_HEIGHT - 3,
                direction,
                value,
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" direction="{}" text-anchor="start" font-size="15"'
        ' fill="currentColor">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="2" style="{}"></rect>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="2" style="{}"></rect>'
        '<text x="{}" y="{}" direction="{}" text-anchor="start" font-size="14"'
        ' font-weight="bold" fill="currentColor">{}</text>',
        rows,
    )
    return format_html(
        '<svg class="poll-chart w-100 h-auto" xmlns="http://www.w3.org/2000/svg"'
        ' viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" focusable="false">'
        '<title id="{}-title">{}</title>{}</svg>',
        WIDTH,
        height,
        ident,
        ident,
        title,
        body,
    )
