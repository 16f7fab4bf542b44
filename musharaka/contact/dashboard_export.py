"""The requests dashboard as an XLSX workbook: one sheet per table of the page, numbers as
numbers (shares as percentages Excel can sum), right to left when the reader's language is
Arabic. A few hundred cells at most, so it is built in memory while the reader waits."""

import io

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from musharaka.contact.dashboard import Dashboard
from musharaka.core.bilingual import localized

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _share(part: int, whole: int) -> float | str:
    return part / whole if whole else ""


def _hours(value: float | None) -> float | str:
    return round(value, 1) if value is not None else ""


def scope_text(board: Dashboard) -> str:
    inbox = str(localized(board.inbox, "name")) if board.inbox else _("All inboxes")
    return _("%(agency)s — %(inbox)s — last %(days)d days") % {
        "agency": str(localized(board.agency, "name")),
        "inbox": inbox,
        "days": board.days,
    }


def _lines(lines) -> list[list]:
    return [[str(line.label), line.count, _share(line.count, line.whole)] for line in lines]


def _tables(board: Dashboard) -> list[tuple[str, str, list[str], list[list]]]:
    """(sheet name, caption, headers, rows) for each table; shares are fractions."""
    count, share = _("Requests"), _("Share")
    summary = [
        [_("Received in the period"), board.received, ""],
        [_("Answered in the period"), board.answered, ""],
        [_("Answered on time"), board.on_time, _share(board.on_time, board.answered)],
        [
            _("Answered after the deadline"),
            board.answered_late,
            _share(board.answered_late, board.answered),
        ],
        [_("Closed in the period"), board.closed, ""],
        [pgettext("requests", "Open now"), board.open_total, ""],
        [
            _("Open and overdue now (of those with the clock running)"),
            board.overdue,
            _share(board.overdue, board.running),
        ],
        [
            _("Median time to the first answer (working hours)"),
            _hours(board.first_response_hours),
            "",
        ],
        [_("Median time to close (working hours)"), _hours(board.close_hours), ""],
        [_("Average rating (1 to 5)"), round(board.rating, 2) if board.rating else "", ""],
        [_("Ratings"), board.rated, ""],
    ]
    responders = [
        [
            p.name,
            p.email,
            p.open,
            p.answered,
            _share(p.answered, board.answered),
            p.late,
            _hours(p.median_hours),
            round(p.rating, 2) if p.rating is not None else "",
            p.rated,
        ]
        for p in board.responders
    ]
    return [
        (_("Summary"), _("Key figures"), [_("Figure"), _("Value"), share], summary),
        (
            _("Open by status"),
            _("Open requests by status"),
            [_("Status"), count, share],
            [
                [str(line.label), line.count, _share(line.count, line.whole)]
                for line in board.by_status
            ],
        ),
        (
            _("Open by age"),
            _("Open requests by time since they were sent"),
            [_("Age"), count, share],
            [
                [str(line.label), line.count, _share(line.count, line.whole)]
                for line in board.by_age
            ],
        ),
        (
            _("Satisfaction"),
            _("Ratings of answers given in the period"),
            [_("Rating"), _("Ratings"), share],
            [[int(line.key), line.count, _share(line.count, line.whole)] for line in board.ratings],
        ),
        (
            _("Responders"),
            _("Requests by the person they are assigned to"),
            [
                _("Person"),
                _("Email"),
                pgettext("requests", "Open now"),
                _("Answered in the period"),
                share,
                _("Answered late"),
                _("Median time to answer (working hours)"),
                _("Average rating"),
                _("Ratings"),
            ],
            responders,
        ),
    ]


def workbook_bytes(*, board: Dashboard, language: str) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    workbook.set_properties({"title": _("Requests dashboard"), "subject": scope_text(board)})
    title = workbook.add_format({"bold": True, "font_size": 12})
    header = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "text_wrap": True})
    percent = workbook.add_format({"num_format": "0.0%"})
    for name, caption, headers, rows in _tables(board):
        sheet = workbook.add_worksheet(name[:31])
        if language == "ar":
            sheet.right_to_left()
        sheet.write(0, 0, caption, title)
        sheet.write(1, 0, scope_text(board))
        sheet.write_row(3, 0, headers, header)
        sheet.set_column(0, 0, 42)
        sheet.set_column(1, len(headers) - 1, 16)
        share_columns = {i for i, h in enumerate(headers) if h == _("Share")}
        for r, row in enumerate(rows, start=4):
            for c, value in enumerate(row):
                sheet.write(r, c, value, percent if c in share_columns and value != "" else None)
        sheet.freeze_panes(4, 0)
    workbook.close()
    return output.getvalue()
