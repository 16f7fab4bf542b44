"""What a respondent sent for one question, checked and turned into ``Answer`` values.

Form fields: ``q<id>`` holds the value(s) of a question (several for multiple choice);
ranking and matrix questions use ``q<id>-<option id>`` per option (its rank, or its scale point).
Anything outside the question's options or bounds is refused with a message the respondent can
act on; what they typed is given back by the view.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from musharaka.polls.models import Question, QuestionKind

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")


@dataclass(frozen=True)
class Value:
    """One ``Answer`` row to be: which option, and the value of the row's kind."""

    option_id: int | None = None
    value: int | None = None
    number: float | None = None
    date: dt.date | None = None
    text: str = ""


def field_name(question: Question, option_id: int | None = None) -> str:
    return f"q{question.pk}" if option_id is None else f"q{question.pk}-{option_id}"


def _values(data: dict[str, list[str]], name: str) -> list[str]:
    return [v.strip() for v in data.get(name, []) if v is not None and v.strip()]


def _integer(raw: str) -> int | None:
    try:
        return int(raw.translate(_DIGITS))
    except ValueError:
        return None


def _option_ids(question: Question) -> list[int]:
    return [o.pk for o in question.options.all()]


def _choices(question: Question, picked: list[str]) -> list[Value]:
    allowed = set(_option_ids(question))
    ids = [_integer(p) for p in picked]
    if any(i not in allowed for i in ids) or len(set(ids)) != len(ids):
        raise ValidationError(_("Choose from the options given."))
    if question.kind == QuestionKind.SINGLE and len(ids) > 1:
        raise ValidationError(_("Choose one option."))
    if question.kind == QuestionKind.MULTIPLE and ids:
        low, high = question.min_choices, question.max_choices
        if low and len(ids) < low:
            raise ValidationError(
                ngettext("Choose at least %(n)d option.", "Choose at least %(n)d options.", low)
                % {"n": low}
            )
        if high and len(ids) > high:
            raise ValidationError(
                ngettext("Choose at most %(n)d option.", "Choose at most %(n)d options.", high)
                % {"n": high}
            )
    return [Value(option_id=i) for i in ids]


def _point(question: Question, raw: str) -> int:
    point = _integer(raw)
    if point is None or not question.scale_min <= point <= question.scale_max:
        raise ValidationError(
            _("Choose a point from %(low)d to %(high)d.")
            % {"low": question.scale_min, "high": question.scale_max}
        )
    return point


def _ranking(question: Question, data: dict[str, list[str]]) -> list[Value]:
    options = _option_ids(question)
    ranks = {o: _values(data, field_name(question, o)) for o in options}
    given = {o: r[0] for o, r in ranks.items() if r}
    if not given:
        return []
    numbers = {o: _integer(r) for o, r in given.items()}
    if len(given) != len(options) or sorted(numbers.values(), key=lambda n: n or 0) != list(
        range(1, len(options) + 1)
    ):
        raise ValidationError(
            _("Give every option a different rank from 1 to %(n)d.") % {"n": len(options)}
        )
    return [Value(option_id=o, value=n) for o, n in numbers.items()]


def _matrix(question: Question, data: dict[str, list[str]]) -> list[Value]:
    rows = _option_ids(question)
    given = {o: _values(data, field_name(question, o)) for o in rows}
    found = [Value(option_id=o, value=_point(question, v[0])) for o, v in given.items() if v]
    if found and question.required and len(found) != len(rows):
        raise ValidationError(_("Answer every row."))
    return found


def _number(question: Question, raw: str) -> Value:
    try:
        number = float(raw.translate(_DIGITS).replace(",", ""))
    except ValueError:
        raise ValidationError(_("Enter a number, for example 12 or 3.5.")) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValidationError(_("Enter a number, for example 12 or 3.5."))
    if question.number_min is not None and number < question.number_min:
        raise ValidationError(_("Enter %(n)s or more.") % {"n": f"{question.number_min:g}"})
    if question.number_max is not None and number > question.number_max:
        raise ValidationError(_("Enter %(n)s or less.") % {"n": f"{question.number_max:g}"})
    return Value(number=number)


def _date(raw: str) -> Value:
    try:
        found = dt.date.fromisoformat(raw.translate(_DIGITS))
    except ValueError:
        raise ValidationError(
            _("Enter a date as year-month-day, for example 2026-03-15.")
        ) from None
    if not DATE_MIN <= found <= DATE_MAX:
        raise ValidationError(_("Enter a date between 1900 and 2100."))
    return Value(date=found)


def _text(question: Question, raw: str) -> Value:
    limit = SHORT_TEXT_MAX if question.kind == QuestionKind.SHORT_TEXT else LONG_TEXT_MAX
    if len(raw) > limit:
        raise ValidationError(
            _("Keep the answer within %(limit)d characters (it has %(n)d).")
            % {"limit": limit, "n": len(raw)}
        )
    if any(ord(c) < 32 and c not in "\n\r\t" for c in raw):
        raise ValidationError(_("The answer contains characters that cannot be stored."))
    return Value(text=raw)


def parse(question: Question, data: dict[str, list[str]]) -> list[Value]:
    """The question's answer as values (empty when not answered); ValidationError if invalid.
    Whether an answer is required is checked by the caller, which knows if the question shows."""
    kind = question.kind
    if kind == QuestionKind.RANKING:
        return _ranking(question, data)
    if kind == QuestionKind.MATRIX:
        return _matrix(question, data)
    given = _values(data, field_name(question))
    if not given:
        return []
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return _choices(question, given)
    if len(given) > 1:
        raise ValidationError(_("Give one answer."))
    if kind == QuestionKind.SCALE:
        return [Value(value=_point(question, given[0]))]
    if kind == QuestionKind.NUMBER:
        return [_number(question, given[0])]
    if kind == QuestionKind.DATE:
        return [_date(given[0])]
    return [_text(question, given[0])]


def as_form_data(question: Question, values: list[Value]) -> dict[str, list[str]]:
    """Stored values back as form data, to show a saved draft in the form."""
    if question.kind in (QuestionKind.RANKING, QuestionKind.MATRIX):
        return {field_name(question, v.option_id): [str(v.value)] for v in values}
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return {field_name(question): [str(v.option_id) for v in values]}
    out = []
    for v in values:
        if v.value is not None:
            out.append(str(v.value))
        elif v.number is not None:
            out.append(f"{v.number:g}")
        elif v.date is not None:
            out.append(v.date.isoformat())
        else:
            out.append(v.text)
    return {field_name(question): out}


def visible(question: Question, chosen: set[int]) -> bool:
    """Whether the question is asked, given the options picked so far."""
    return question.show_if_id is None or question.show_if_id in chosen


def asked_on_page(question: Question, page: int, chosen: set[int]) -> bool:
    """Whether the question is put to the respondent on ``page``: a condition on an earlier
    page is decided from the answers saved there; one on the same page shows the question with
    a note (and ``check_page`` drops the answer when the condition is not met)."""
    condition = question.show_if
    if condition is None or condition.question.page == page:
        return True
    return condition.pk in chosen


def pages_that_apply(questions: list[Question], pages: list[int], chosen: set[int]) -> list[int]:
    """The pages with at least one question put to this respondent (others are skipped)."""
    return [p for p in pages if any(q.page == p and asked_on_page(q, p, chosen) for q in questions)]


def check_page(
    questions: list[Question], data: dict[str, list[str]], chosen: set[int]
) -> tuple[dict[int, list[Value]], dict[str, list[str]], set[int]]:
    """One page's answers checked: the values of each shown question, the problems keyed by
    field name, and the options picked so far (``chosen`` holds those of earlier pages). A
    question whose condition is not met needs no answer, and what was sent for it is dropped."""
    errors: dict[str, list[str]] = {}
    found: dict[int, list[Value]] = {}
    chosen = set(chosen)
    for question in questions:
        try:
            values = parse(question, data)
        except ValidationError as error:
            errors[field_name(question)] = list(error.messages)
            continue
        chosen |= {v.option_id for v in values if v.option_id}
        if values:
            found[question.pk] = values
    for question in questions:  # required, now that this page's choices are known
        name = field_name(question)
        if not visible(question, chosen):
            found.pop(question.pk, None)
        elif question.required and question.pk not in found and name not in errors:
            errors[name] = [_("This question needs an answer.")]
    return found, errors, chosen
