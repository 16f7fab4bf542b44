from datetime import UTC, date, datetime

from django.utils import translation

from musharaka.core.templatetags.musharaka import hdate, hdatetime, ident


def test_hijri_date_beside_gregorian_in_arabic():
    with translation.override("ar"):
        html = hdate(date(2026, 3, 20))
    assert 'datetime="2026-03-20"' in html
    assert "1 شوال 1447 هـ" in html  # Eid al-Fitr 1447 by Umm al-Qura


def test_hijri_date_in_english():
    with translation.override("en"):
        html = hdate(date(2026, 11, 27))
    assert "27 November 2026" in html
    assert "17 Jumada al-Akhirah 1448 AH" in html


def test_times_are_shown_in_riyadh_time():
    late_utc = datetime(2026, 11, 27, 22, 30, tzinfo=UTC)  # 01:30 next day in Riyadh
    with translation.override("en"):
        html = hdatetime(late_utc)
    assert "28 November 2026" in html
    assert "01:30" in html


def test_identifiers_use_western_digits_isolated():
    assert ident("٠٥٥١٢٣٤٥٦٧") == '<bdi dir="ltr" class="ident">0551234567</bdi>'
