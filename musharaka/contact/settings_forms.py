"""Forms of the agency's settings pages of direct communication. They only parse what was
typed; ``settings_services`` decides (team roles, chain staff, rule assignees, calendar)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from musharaka.contact.models import Kind
from musharaka.contact.settings_selectors import StaffChoices
from musharaka.contact.settings_services import (
    CHAIN_MAX,
    HOURS_MAX,
    KEYWORDS_MAX,
    NAME_MAX,
    PURPOSE_MAX,
    RULES_MAX,
    WARN_BEFORE_DEADLINE,
    RuleSpec,
)
from musharaka.core.workspace_forms import BootstrapMixin

CHAIN_BLANK_ROWS = 3
RULE_BLANK_ROWS = 5
ORDER_MAX = 99

AR = {"lang": "ar", "dir": "rtl"}
EN = {"lang": "en", "dir": "ltr"}
CHECK = {"class": "form-check-input"}


class StaffField(forms.ModelChoiceField):
    """A staff member, labelled with their name and roles in the agency."""

    def __init__(self, *args, staff: StaffChoices | None = None, **kwargs):
        self.staff = staff
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        return self.staff.label(obj) if self.staff else str(obj)


class StaffMultipleField(forms.ModelMultipleChoiceField):
    def __init__(self, *args, staff: StaffChoices | None = None, **kwargs):
        self.staff = staff
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        return self.staff.label(obj) if self.staff else str(obj)


class InboxForm(BootstrapMixin, forms.Form):
    name_ar = forms.CharField(
        label=_("Name (Arabic)"),
        max_length=NAME_MAX,
        error_messages={"required": _("Write the inbox's name in Arabic.")},
        widget=forms.TextInput(attrs=AR),
    )
    name_en = forms.CharField(
        label=_("Name (English)"),
        max_length=NAME_MAX,
        required=False,
        widget=forms.TextInput(attrs=EN),
    )
    purpose_ar = forms.CharField(
        label=_("Purpose (Arabic)"),
        max_length=PURPOSE_MAX,
        required=False,
        help_text=_("What citizens may send here, shown before they write."),
        widget=forms.Textarea(attrs={"rows": 3, **AR}),
    )
    purpose_en = forms.CharField(
        label=_("Purpose (English)"),
        max_length=PURPOSE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, **EN}),
    )
    slug = forms.CharField(
        label=_("Short name in the address"),
        max_length=80,
        required=False,
        help_text=_(
            "Latin letters, digits and hyphens. Left empty, it is made from the English name. "
            "Changing it breaks links already shared."
        ),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    response_hours = forms.IntegerField(
        label=_("Answer within (working hours)"),
        min_value=1,
        max_value=HOURS_MAX,
        help_text=_(
            "Counted in the agency's working hours only: weekends, public holidays and the "
            "agency's closures do not count, nor the time spent waiting for the citizen."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    warn_hours = forms.IntegerField(
        label=_("Warn when this many working hours are left"),
        min_value=0,
        max_value=HOURS_MAX,
        help_text=_(
            "The person handling the request (or the first level of the chain) is told. "
            "Fewer hours than the answer time; 0 for no warning."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    escalation_step_hours = forms.IntegerField(
        label=_("Escalate one level further every (working hours overdue)"),
        min_value=1,
        max_value=HOURS_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    answers_publishable = forms.BooleanField(
        label=_("Answers may be published (with the asker's consent)"),
        required=False,
        help_text=_(
            "Staff may then put an answered question, without personal details, on the "
            "agency's public questions and answers page."
        ),
        widget=forms.CheckboxInput(attrs=CHECK),
    )
    is_active = forms.BooleanField(
        label=_("Accepting requests"),
        required=False,
        initial=True,
        help_text=_("When unticked, citizens cannot send new requests to this inbox."),
        widget=forms.CheckboxInput(attrs=CHECK),
    )
    team = StaffMultipleField(
        label=_("Team"),
        queryset=None,
        required=False,
        help_text=_(
            "Only responders on the team and the agency's managers can read this inbox's "
            "requests (the people of the escalation chain too). Only the agency's responders "
            "and managers can join. Requests already assigned to someone you remove stay "
            "assigned: reassign them from the requests queue."
        ),
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
    )

    def __init__(self, *args, candidates: StaffChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = candidates.users
        self.fields["team"].staff = candidates

    def clean(self):
        """Said here too (the service decides), so it shows with the rows' errors at once."""
        data = super().clean()
        warn, response = data.get("warn_hours"), data.get("response_hours")
        if warn is not None and response is not None and warn >= response:
            self.add_error("warn_hours", gettext(WARN_BEFORE_DEADLINE) % {"hours": response})
        return data


class ChainLevelForm(forms.Form):
    person = StaffField(label=_("Person"), queryset=None, required=False)
    remove = forms.BooleanField(
        label=_("Remove"), required=False, widget=forms.CheckboxInput(attrs=CHECK)
    )

    def __init__(self, *args, staff: StaffChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = staff.users
        self.fields["person"].staff = staff
        self.fields["person"].empty_label = _("— nobody —")
        self.fields["person"].widget.attrs["class"] = "form-select"


class RoutingRuleForm(forms.Form):
    order = forms.IntegerField(
        label=_("Order"),
        min_value=1,
        max_value=ORDER_MAX,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Any kind")), *Kind.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        max_length=KEYWORDS_MAX,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "dir": "auto"}),
    )
    assign_to = StaffField(label=_("Assign to"), queryset=None, required=False)
    remove = forms.BooleanField(
        label=_("Remove"), required=False, widget=forms.CheckboxInput(attrs=CHECK)
    )

    def __init__(self, *args, staff: StaffChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assign_to"].queryset = staff.users
        self.fields["assign_to"].staff = staff
        self.fields["assign_to"].empty_label = _("Choose a team member")
        self.fields["assign_to"].widget.attrs["class"] = "form-select"

    @property
    def in_use(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        if data.get("remove"):
            return False
        return bool(data.get("kind") or data.get("keywords", "").strip() or data.get("assign_to"))

    def clean(self):
        data = super().clean()
        if self.in_use and not data.get("assign_to"):
            self.add_error("assign_to", _("Choose who gets the requests this rule matches."))
        return data


class _RowFormSet(forms.BaseFormSet):
    """Rows of a fixed length (no script adds any): the existing ones and a few blank ones."""

    def __init__(self, *args, staff: StaffChoices, **kwargs):
        # Every row is read, even a blank-row one equal to its initial value: which rows count
        # as "changed" must not decide what is saved (all the rows' fields are optional).
        kwargs.setdefault("form_kwargs", {}).update(staff=staff, empty_permitted=False)
        super().__init__(*args, **kwargs)


class ChainFormSet(_RowFormSet):
    def people(self) -> list[tuple[int, object]]:
        """``(row, person)`` of the levels kept, in row order; empty and removed rows drop."""
        return [
            (i, form.cleaned_data["person"])
            for i, form in enumerate(self.forms)
            if form.cleaned_data.get("person") and not form.cleaned_data.get("remove")
        ]


class RuleFormSet(_RowFormSet):
    def specs(self) -> list[tuple[int, RuleSpec]]:
        """``(row, rule)`` of the rules kept, by their order number (rows without one after,
        in row order)."""
        kept = [(i, form) for i, form in enumerate(self.forms) if form.in_use]
        kept.sort(key=lambda row: (row[1].cleaned_data.get("order") or ORDER_MAX + 1, row[0]))
        return [
            (
                i,
                RuleSpec(
                    kind=form.cleaned_data.get("kind") or "",
                    keywords=form.cleaned_data.get("keywords") or "",
                    assign_to=form.cleaned_data["assign_to"],
                ),
            )
            for i, form in kept
        ]


def chain_formset(staff: StaffChoices, data=None, initial=None) -> ChainFormSet:
    initial = initial or []
    factory = forms.formset_factory(
        ChainLevelForm,
        formset=ChainFormSet,
        extra=CHAIN_BLANK_ROWS,
        max_num=CHAIN_MAX + CHAIN_BLANK_ROWS,
        absolute_max=CHAIN_MAX + CHAIN_BLANK_ROWS,
        validate_max=True,
    )
    return factory(data, initial=initial, prefix="chain", staff=staff)


def rule_formset(staff: StaffChoices, data=None, initial=None) -> RuleFormSet:
    factory = forms.formset_factory(
        RoutingRuleForm,
        formset=RuleFormSet,
        extra=RULE_BLANK_ROWS,
        max_num=RULES_MAX + RULE_BLANK_ROWS,
        absolute_max=RULES_MAX + RULE_BLANK_ROWS,
        validate_max=True,
    )
    return factory(data, initial=initial or [], prefix="rules", staff=staff)


# --- Calendar ----------------------------------------------------------------------------------

# Python weekday numbers, in the order of the Saudi week.
WEEKDAYS = [
    (6, _("Sunday")),
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
]


class WorkCalendarForm(BootstrapMixin, forms.Form):
    working_days = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
    )
    day_starts = forms.TimeField(
        label=_("The working day starts at"),
        widget=forms.TimeInput(attrs={"type": "time", "dir": "ltr"}, format="%H:%M"),
    )
    day_ends = forms.TimeField(
        label=_("The working day ends at"),
        widget=forms.TimeInput(attrs={"type": "time", "dir": "ltr"}, format="%H:%M"),
    )
    national_holidays = forms.BooleanField(
        label=_("Observe Saudi public holidays"),
        required=False,
        help_text=_(
            "Founding Day, Eid al-Fitr, the Day of Arafah and Eid al-Adha, and National Day, "
            "with the official dates (listed below) are then not counted as working time."
        ),
        widget=forms.CheckboxInput(attrs=CHECK),
    )


class CalendarDayForm(BootstrapMixin, forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"})
    )
    name = forms.CharField(
        label=_("What is the day"),
        max_length=200,
        help_text=_("For example: closed for relocation, or open for the end-of-year rush."),
    )
    working = forms.TypedChoiceField(
        label=_("On that day the agency is"),
        choices=[("closed", _("Closed")), ("working", _("Working"))],
        coerce=lambda v: v == "working",
        initial="closed",
        widget=forms.RadioSelect(attrs=CHECK),
    )


class ReplyTemplateForm(BootstrapMixin, forms.Form):
    title_ar = forms.CharField(
        label=_("Title (Arabic)"),
        max_length=200,
        error_messages={"required": _("Write the title in Arabic.")},
        widget=forms.TextInput(attrs=AR),
    )
    title_en = forms.CharField(
        label=_("Title (English)"), max_length=200, required=False, widget=forms.TextInput(attrs=EN)
    )
    body_ar = forms.CharField(
        label=_("Text (Arabic)"),
        error_messages={"required": _("Write the reply in Arabic.")},
        widget=forms.Textarea(attrs={"rows": 6, **AR}),
    )
    body_en = forms.CharField(
        label=_("Text (English)"), required=False, widget=forms.Textarea(attrs={"rows": 6, **EN})
    )
