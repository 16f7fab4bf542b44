import re

from django import forms
from django.utils.translation import gettext_lazy as _

from musharaka.core.arabic import to_ascii_digits

# 05XXXXXXXX, 5XXXXXXXX, +9665…, 009665…, 9665…, and the "+966 (0)5…" some people write.
SAUDI_MOBILE = re.compile(r"^(?:(?:\+|00)?9660?|0)?5\d{8}$")
# Separators people type or paste: spaces (also no-break), dashes, dots, brackets, and the
# invisible direction marks that come along when a number is copied out of Arabic text.
_PHONE_NOISE = re.compile(r"[\s\-\u2010-\u2015.()\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def normalise_saudi_mobile(value: str) -> str:
    """Accept the common written forms of a Saudi mobile and store it as +9665XXXXXXXX."""
    digits = _PHONE_NOISE.sub("", to_ascii_digits(value))
    if not SAUDI_MOBILE.fullmatch(digits):
        raise forms.ValidationError(
            _("Enter a Saudi mobile number such as 05XXXXXXXX or +9665XXXXXXXX.")
        )
    return "+966" + digits[-9:]


class SignupExtraForm(forms.Form):
    """Fields allauth's signup form adds for Musharaka: name and an optional mobile."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Mobile number (optional)"),
        help_text=_("A Saudi mobile number, for example 05XXXXXXXX."),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"}),
    )

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "").strip()
        return normalise_saudi_mobile(value) if value else ""

    def signup(self, request, user) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.phone = self.cleaned_data.get("phone", "")
        user.language = (getattr(request, "LANGUAGE_CODE", "") or "ar")[:2]
        user.save(update_fields=["full_name", "phone", "language"])


class PageFeedbackForm(forms.Form):
    path = forms.CharField(max_length=300, widget=forms.HiddenInput)
    useful = forms.TypedChoiceField(
        label=_("Was this page useful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("What was missing or wrong? (optional, do not include personal details)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
