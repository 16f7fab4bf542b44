from django import forms
from django.utils.translation import gettext_lazy as _

from musharaka.notifications.kinds import KINDS
from musharaka.notifications.models import Delivery


class PreferencesForm(forms.Form):
    """One radio group per kind. Required kinds are shown but disabled: Django then ignores
    whatever is posted for them, and the service refuses to store anything but "immediately"."""

    def __init__(self, *args, initial_deliveries: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for key, kind in KINDS.items():
            self.fields[key] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=initial_deliveries.get(key, Delivery.IMMEDIATE),
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                disabled=kind.required,
                help_text=(
                    _("Required by law: always emailed at once, cannot be turned off.")
                    if kind.required
                    else ""
                ),
                error_messages={"required": _("Choose how you want to receive this.")},
            )

    def changeable(self) -> dict[str, str]:
        """The submitted choice for every kind the user may change."""
        return {key: value for key, value in self.cleaned_data.items() if not KINDS[key].required}
