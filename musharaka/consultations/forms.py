"""Forms of the consultation pages. They only parse what was posted; ``services`` and
``comments`` decide what is allowed and say why."""

from django import forms
from django.utils.translation import gettext_lazy as _

from musharaka.consultations.models import Audience, Kind, Stance
from musharaka.core.models import Agency, User
from musharaka.core.workspace_forms import BootstrapMixin
from musharaka.participation.forms import ContributionForm

_AR = {"lang": "ar", "dir": "rtl"}
_EN = {"lang": "en", "dir": "ltr"}
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _AgencyChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return str(obj.name)


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


class _StaffChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


class ConsultationForm(BootstrapMixin, forms.Form):
    title_ar = forms.CharField(
        label=_("Title (Arabic)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=_AR),
    )
    title_en = forms.CharField(
        label=_("Title (English)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=_EN),
    )
    summary_ar = forms.CharField(
        label=_("Summary (Arabic)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, **_AR}),
    )
    summary_en = forms.CharField(
        label=_("Summary (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, **_EN}),
    )
    kind = forms.ChoiceField(label=_("Kind of document"), choices=Kind.choices)
    sectors = forms.CharField(
        label=_("Sectors"),
        required=False,
        help_text=_("Separate them with commas, for example: health, education."),
    )
    audience = forms.ChoiceField(label=_("Who may comment"), choices=Audience.choices)
    invited_agencies = _AgencyChoices(
        label=_("Invited agencies"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    owner = _StaffChoice(
        label=_("Owner"), queryset=User.objects.none(), required=False, empty_label=_("Choose")
    )
    team = _StaffChoices(
        label=_("Drafting team"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    opens_at = forms.DateTimeField(label=_("Opens"), required=False, widget=_DATETIME)
    closes_at = forms.DateTimeField(label=_("Closes"), required=False, widget=_DATETIME)
    slug = forms.CharField(
        label=_("Short name in the address"),
        max_length=80,
        required=False,
        help_text=_(
            "Latin letters, digits and hyphens. Left empty, it is made from the English title. "
            "It cannot change once the consultation is announced."
        ),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )

    def __init__(self, *args, agency: Agency, fixed_slug: bool = False, fixed_dates=False, **kw):
        super().__init__(*args, **kw)
        staff = User.objects.filter(memberships__agency=agency).distinct().order_by("full_name")
        self.fields["owner"].queryset = staff
        self.fields["team"].queryset = staff
        self.fields["invited_agencies"].queryset = Agency.objects.filter(is_active=True).exclude(
            pk=agency.pk
        )
        self.fields["slug"].disabled = fixed_slug
        for name in ("opens_at", "closes_at"):
            self.fields[name].disabled = fixed_dates


class AttachmentForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title of the file"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, XLSX, PPTX or ODT, at most 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.odt"},
        ),
        error_messages={"required": _("Choose a file to attach.")},
    )


class ExtendForm(BootstrapMixin, forms.Form):
    new_closes_at = forms.DateTimeField(label=_("New closing date"), widget=_DATETIME)
    reason_ar = forms.CharField(
        label=_("Public reason (Arabic)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, **_AR}),
    )
    reason_en = forms.CharField(
        label=_("Public reason (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, **_EN}),
    )


class CloseEarlyForm(BootstrapMixin, forms.Form):
    reason_ar = forms.CharField(
        label=_("Public reason (Arabic)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, **_AR}),
    )
    reason_en = forms.CharField(
        label=_("Public reason (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, **_EN}),
    )


class PolicyForm(BootstrapMixin, forms.Form):
    default_period_days = forms.IntegerField(label=_("Default period (days)"))
    minimum_period_days = forms.IntegerField(label=_("Shortest period (days)"))
    outcome_due_weeks = forms.IntegerField(
        label=_("Weeks after closing by which the outcome is due")
    )


class CommentForm(ContributionForm):
    """A top-level comment with a stance; replies use the participation form as they are."""

    stance = forms.CharField(required=False)
    amendment = forms.CharField(required=False)
    node = forms.UUIDField(required=False)
    on_behalf_of = forms.IntegerField(required=False, min_value=1)


STANCES = Stance.choices
