"""The workspace form for announcements; it only parses, ``services`` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from musharaka.core.workspace_forms import BootstrapMixin


class AnnouncementForm(BootstrapMixin, forms.Form):
    title_ar = forms.CharField(
        label=_("Title (Arabic)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
    )
    title_en = forms.CharField(
        label=_("Title (English)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "en", "dir": "ltr"}),
    )
    body_ar = forms.CharField(
        label=_("Text (Arabic)"),
        required=False,
        help_text=_("Paragraphs, lists, links and emphasis in Markdown are kept."),
        widget=forms.Textarea(attrs={"rows": 10, "lang": "ar", "dir": "rtl"}),
    )
    body_en = forms.CharField(
        label=_("Text (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "lang": "en", "dir": "ltr"}),
    )
    slug = forms.CharField(
        label=_("Short name in the address"),
        max_length=80,
        required=False,
        help_text=_(
            "Latin letters, digits and hyphens. Left empty, it is made from the English title. "
            "It cannot change once published."
        ),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    comments_open = forms.BooleanField(
        label=_("Open for comments"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, published: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if published:
            self.fields["slug"].disabled = True
