"""Forms of the staff workspace and of the citizen's representation page.

They only parse input; the rules (last manager, logo formats, who may decide) live in
``services.py``, whose ``ValidationError`` the views put back on these forms.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from musharaka.core.models import Agency, ParticipantType, Role
from musharaka.core.selectors import agency_directory
from musharaka.core.services import AGENCY_PROFILE_FIELDS


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates can render ``as_field_group``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the fields it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class MemberAddForm(BootstrapMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person"),
        help_text=_("They must already have an account on the platform."),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class RepresentationDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("reject", _("Reject"))])


def _lang_attrs(field: str) -> dict[str, str]:
    """Arabic fields are typed right-to-left, English ones and addresses left-to-right."""
    if field.endswith("_ar"):
        return {"lang": "ar", "dir": "rtl"}
    if field.endswith("_en"):
        return {"lang": "en", "dir": "ltr"}
    if field in {"website", "email", "phone"}:
        return {"dir": "ltr"}
    return {}


class AgencyProfileForm(BootstrapMixin, forms.ModelForm):
    """The agency's public profile. Bind it with ``initial=`` only, never ``instance=``:
    the service compares old and new values, so the agency must not change before it runs."""

    class Meta:
        model = Agency
        fields = [*AGENCY_PROFILE_FIELDS, "logo"]
        widgets = {
            "description_ar": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }
        help_texts = {"logo": _("PNG, JPEG or WebP, at most 1 MB.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.update(_lang_attrs(name))


class AuditFilterForm(BootstrapMixin, forms.Form):
    verb = forms.CharField(
        label=_("Action"),
        max_length=80,
        required=False,
        help_text=_("For example membership, or membership.add"),
        widget=forms.TextInput(attrs={"list": "audit-verbs", "dir": "ltr"}),
    )
    actor = forms.CharField(label=_("Done by"), max_length=150, required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return str(obj.name)


class RepresentationDeclareForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("You represent"),
        choices=[c for c in ParticipantType.choices if c[0] != ParticipantType.CITIZEN],
        widget=forms.RadioSelect,
    )
    agency = AgencyChoiceField(
        label=_("Government agency"),
        queryset=agency_directory(),
        required=False,
        empty_label=_("Choose an agency"),
        help_text=_("Only if you represent a government agency."),
    )
    organisation_name = forms.CharField(
        label=_("Organisation name"),
        max_length=200,
        required=False,
        help_text=_("For a company, non-profit organisation or academic institution."),
    )
    job_title = forms.CharField(label=_("Your job title"), max_length=150)
