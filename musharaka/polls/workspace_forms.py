"""Forms of the polls workspace. They only parse what was posted; ``services`` decides what is
allowed (titles, dates, scales, what may change once people have answered) and says why, and the
views put those reasons back beside the fields."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from musharaka.core.models import Agency
from musharaka.core.workspace_forms import BootstrapMixin
from musharaka.polls.models import (
    SCALE_KINDS,
    TEXT_KINDS,
    Audience,
    Option,
    PollKind,
    Question,
    QuestionKind,
    ResultsPolicy,
)

_AR = {"lang": "ar", "dir": "rtl"}
_EN = {"lang": "en", "dir": "ltr"}
# Shown and read in the current time zone (Asia/Riyadh).
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
SCALES = {"1-5": (1, 5), "0-10": (0, 10)}
# What the stored answers mean: fixed once a question has answers.
STRUCTURE_FIELDS = ("kind", "scale", "min_choices", "max_choices", "number_min", "number_max")
MAX_OPTIONS = 40


class _Checkboxes(BootstrapMixin):
    """Bootstrap's classes on checkboxes and radio buttons too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput | forms.RadioSelect):
                field.widget.attrs.setdefault("class", "form-check-input")


class _AgencyChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return str(obj.name)


class PollSettingsForm(_Checkboxes, forms.Form):
    """Title, introduction, who may answer, when results show and the dates."""

    title_ar = forms.CharField(
        label=_("Title (Arabic)"), max_length=300, required=False, widget=forms.TextInput(_AR)
    )
    title_en = forms.CharField(
        label=_("Title (English)"), max_length=300, required=False, widget=forms.TextInput(_EN)
    )
    intro_ar = forms.CharField(
        label=_("Introduction (Arabic)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, **_AR}),
    )
    intro_en = forms.CharField(
        label=_("Introduction (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, **_EN}),
    )
    audience = forms.ChoiceField(label=_("Who may answer"), choices=Audience.choices)
    invited_agencies = _AgencyChoices(
        label=_("Invited agencies"),
        help_text=_("Only for polls answered by representatives of invited agencies."),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    results_policy = forms.ChoiceField(label=_("Results"), choices=ResultsPolicy.choices)
    anonymous_results = forms.BooleanField(
        label=_("Anonymous results: staff see the answers, not who gave them"), required=False
    )
    opens_at = forms.DateTimeField(
        label=_("Opens"), required=False, widget=_DATETIME, help_text=_("Riyadh time.")
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), required=False, widget=_DATETIME, help_text=_("Riyadh time.")
    )

    def __init__(self, *args, agencies, answered: bool = False, anonymous: bool = False, **kw):
        super().__init__(*args, **kw)
        self.fields["invited_agencies"].queryset = agencies
        if answered:
            # People have answered: the service refuses these changes; say so up front.
            self.fields["audience"].disabled = True
            self.fields["audience"].help_text = _(
                "People have answered already: who may answer cannot change."
            )
            if anonymous:
                self.fields["anonymous_results"].disabled = True
                self.fields["anonymous_results"].help_text = _(
                    "Respondents were promised anonymity: it cannot be taken away."
                )

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("invited_agencies", "kind")}


class PollCreateForm(PollSettingsForm):
    kind = forms.ChoiceField(
        label=_("What are you making?"),
        choices=[
            (PollKind.QUICK, _("A quick poll: one question, answered in seconds")),
            (PollKind.SURVEY, _("A survey: several questions, over one or more pages")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a quick poll or a survey.")},
    )
    field_order = ["kind"]


def new_poll_initial() -> dict:
    """Opens at the next full hour, closes two weeks later."""
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    start += timedelta(hours=1)
    return {
        "kind": PollKind.SURVEY,
        "opens_at": start,
        "closes_at": start + timedelta(days=14),
        "audience": Audience.SIGNED_IN,
        "results_policy": ResultsPolicy.LIVE,
    }


def poll_initial(poll) -> dict:
    fields = [*PollSettingsForm.base_fields]
    initial = {f: getattr(poll, f) for f in fields if f != "invited_agencies"}
    initial["invited_agencies"] = list(poll.invited_agencies.all())
    return initial


class QuestionForm(_Checkboxes, forms.Form):
    """One question. Fields that apply to some types only are grouped by the template; the
    values of the other types' fields are dropped before the service sees them."""

    kind = forms.ChoiceField(label=_("Type of question"), choices=QuestionKind.choices)
    page = forms.IntegerField(
        label=_("Page"), min_value=1, max_value=50, initial=1, help_text=_("Pages start at 1.")
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    text_ar = forms.CharField(
        label=_("Question (Arabic)"), max_length=500, required=False, widget=forms.TextInput(_AR)
    )
    text_en = forms.CharField(
        label=_("Question (English)"), max_length=500, required=False, widget=forms.TextInput(_EN)
    )
    help_ar = forms.CharField(
        label=_("Help text (Arabic)"), max_length=500, required=False, widget=forms.TextInput(_AR)
    )
    help_en = forms.CharField(
        label=_("Help text (English)"), max_length=500, required=False, widget=forms.TextInput(_EN)
    )
    min_choices = forms.IntegerField(
        label=_("Pick at least"), min_value=1, max_value=MAX_OPTIONS, required=False
    )
    max_choices = forms.IntegerField(
        label=_("Pick at most"), min_value=1, max_value=MAX_OPTIONS, required=False
    )
    scale = forms.ChoiceField(
        label=_("Scale"),
        choices=[("1-5", _("1 to 5")), ("0-10", _("0 to 10"))],
        initial="1-5",
        widget=forms.RadioSelect,
    )
    low_label_ar = forms.CharField(
        label=_("Low end label (Arabic)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(_AR),
    )
    low_label_en = forms.CharField(
        label=_("Low end label (English)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(_EN),
    )
    high_label_ar = forms.CharField(
        label=_("High end label (Arabic)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(_AR),
    )
    high_label_en = forms.CharField(
        label=_("High end label (English)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(_EN),
    )
    number_min = forms.FloatField(label=_("Smallest number allowed"), required=False)
    number_max = forms.FloatField(label=_("Largest number allowed"), required=False)
    answers_public = forms.BooleanField(
        label=_("Show the answers publicly (after moderation)"),
        required=False,
        help_text=_("Respondents choose whether their answer may be shown."),
    )
    show_if = forms.ChoiceField(
        label=_("Show this question"),
        required=False,
        help_text=_("Only answers to single or multiple choice questions before this one."),
    )

    def __init__(
        self,
        *args,
        survey: bool,
        conditions: list[tuple[Option, str]] = (),
        locked: bool = False,
        **kw,
    ):
        super().__init__(*args, **kw)
        self.locked = locked
        self._conditions = {str(o.pk): o for o, _label in conditions}
        if survey:
            self.fields["show_if"].choices = [
                ("", _("Always")),
                *[
                    (str(o.pk), _("Only if %(answer)s") % {"answer": label})
                    for o, label in conditions
                ],
            ]
        else:  # a quick poll has one question on one page
            del self.fields["page"]
            del self.fields["show_if"]
        if locked:
            for name in STRUCTURE_FIELDS:
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        low, high = data.get("number_min"), data.get("number_max")
        if low is not None and high is not None and low > high:
            self.add_error("number_max", _("The largest number cannot be less than the smallest."))
        return data

    def service_data(self) -> dict:
        """The cleaned values as the service names them; other types' fields left out so a
        value typed for one type does not linger on another."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("scale", "show_if")}
        data["scale_min"], data["scale_max"] = SCALES[self.cleaned_data["scale"]]
        if "show_if" in self.cleaned_data:
            data["show_if"] = self._conditions.get(self.cleaned_data["show_if"] or "")
        kind = data["kind"]
        if not self.locked:
            if kind != QuestionKind.MULTIPLE:
                data["min_choices"] = data["max_choices"] = None
            if kind != QuestionKind.NUMBER:
                data["number_min"] = data["number_max"] = None
        if kind not in SCALE_KINDS:
            for name in ("low_label_ar", "low_label_en", "high_label_ar", "high_label_en"):
                data[name] = ""
        if kind not in TEXT_KINDS:
            data["answers_public"] = False
        return data


def question_initial(question: Question) -> dict:
    initial = {
        name: getattr(question, name) for name in QuestionForm.base_fields if name != "scale"
    }
    initial["scale"] = f"{question.scale_min}-{question.scale_max}"
    initial["show_if"] = str(question.show_if_id or "")
    return initial


class OptionForm(BootstrapMixin, forms.Form):
    """One option (or matrix row): its Arabic and English labels. Existing rows carry their id so
    answers keep pointing at the same option when it is relabelled."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    label_ar = forms.CharField(
        label=_("Arabic label"), max_length=300, required=False, widget=forms.TextInput(_AR)
    )
    label_en = forms.CharField(
        label=_("English label"), max_length=300, required=False, widget=forms.TextInput(_EN)
    )


class _OptionRows(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


def option_formset(data=None, *, question: Question | None = None):
    """Rows for the options: the existing ones plus three empty rows when editing, six empty
    rows for a new question (no script needed to add one)."""
    initial = (
        [
            {"id": o.pk, "label_ar": o.label_ar, "label_en": o.label_en}
            for o in question.options.all()
        ]
        if question is not None
        else []
    )
    formset_class = forms.formset_factory(
        OptionForm,
        formset=_OptionRows,
        extra=3 if question is not None else 6,
        can_delete=True,
        can_delete_extra=False,
        max_num=MAX_OPTIONS,
        absolute_max=MAX_OPTIONS + 10,
        validate_max=True,
    )
    return formset_class(data, initial=initial, prefix="option")


def option_rows(formset) -> list[dict]:
    """The rows to keep, in order, for the service (which drops the empty ones)."""
    deleted = {id(form) for form in formset.deleted_forms}
    rows = []
    for form in formset.forms:
        if id(form) in deleted:
            continue
        data = form.cleaned_data
        rows.append(
            {
                "id": data.get("id"),
                "label_ar": data.get("label_ar") or "",
                "label_en": data.get("label_en") or "",
            }
        )
    return rows


class StatementForm(BootstrapMixin, forms.Form):
    statement_ar = forms.CharField(
        label=_("What the agency will do (Arabic)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, **_AR}),
    )
    statement_en = forms.CharField(
        label=_("What the agency will do (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, **_EN}),
    )
