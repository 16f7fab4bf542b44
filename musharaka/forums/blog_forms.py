"""Forms of the blog workspace. They only parse what was posted; ``services`` decides (an Arabic
title and text, images placed only as ``![description](image:N)``, described images, PNG or
JPEG within 2 MB) and the views put its reasons back beside the fields."""

from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from musharaka.core.models import Agency
from musharaka.core.workspace_forms import BootstrapMixin
from musharaka.forums import blog_selectors

RIYADH = ZoneInfo("Asia/Riyadh")
_AR = {"lang": "ar", "dir": "rtl"}
_EN = {"lang": "en", "dir": "ltr"}
BODY_HELP = _(
    "Restricted Markdown: paragraphs, headings (## Section, ### Subsection, #### Point, each on "
    "a line of its own), **bold**, *italic*, lists, quotes and links. To place an image, upload "
    "it under “Images” and write ![description](image:N) on a line of its own, N being the "
    "image's number in that list."
)


class _Checkboxes(BootstrapMixin):
    """Bootstrap's classes on checkboxes too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = "form-check-input"


class _TitledChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj.local("title"))


class _NamedChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj.name)


class PostForm(_Checkboxes, forms.Form):
    title_ar = forms.CharField(
        label=_("Title (Arabic)"), max_length=300, required=False, widget=forms.TextInput(_AR)
    )
    title_en = forms.CharField(
        label=_("Title (English)"), max_length=300, required=False, widget=forms.TextInput(_EN)
    )
    summary_ar = forms.CharField(
        label=_("Summary (Arabic)"),
        max_length=500,
        required=False,
        help_text=_("One or two sentences shown in lists, feeds and link previews."),
        widget=forms.Textarea(attrs={"rows": 2, **_AR}),
    )
    summary_en = forms.CharField(
        label=_("Summary (English)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, **_EN}),
    )
    body_ar = forms.CharField(
        label=_("Text (Arabic)"),
        required=False,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 14, **_AR}),
    )
    body_en = forms.CharField(
        label=_("Text (English)"),
        required=False,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 14, **_EN}),
    )
    categories = _NamedChoices(
        label=_("Categories"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comments_open = forms.BooleanField(label=_("Open for comments"), required=False, initial=True)
    related_consultation = _TitledChoice(
        label=_("Related consultation"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("One of the agency's consultations the public can open."),
    )
    related_poll = _TitledChoice(
        label=_("Related poll"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("One of the agency's published polls."),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = blog_selectors.agency_categories(agency=agency)
        self.fields["related_consultation"].queryset = blog_selectors.consultation_choices(
            agency=agency
        )
        self.fields["related_poll"].queryset = blog_selectors.poll_choices(agency=agency)
        if not self.fields["categories"].queryset.exists():
            self.fields["categories"].help_text = _(
                "The blog has no categories yet; add them under “Categories”."
            )


class PostImageForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("PNG or JPEG, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    alt_ar = forms.CharField(
        label=_("Description for screen readers (Arabic)"),
        max_length=300,
        required=False,
        help_text=_("Required: say what the image shows for people who cannot see it."),
        widget=forms.TextInput(_AR),
    )
    alt_en = forms.CharField(
        label=_("Description for screen readers (English)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(_EN),
    )

    def clean(self):
        data = super().clean()
        if not data.get("file") and "file" not in self.errors:
            self.add_error("file", _("Choose a PNG or JPEG image to upload."))
        if not (data.get("alt_ar") or "").strip() and "alt_ar" not in self.errors:
            self.add_error(
                "alt_ar", _("Describe the image for people who cannot see it (in Arabic).")
            )
        return data


class RiyadhDateTimeField(forms.DateTimeField):
    """A ``datetime-local`` value read as Riyadh time, whatever the active time zone."""

    def to_python(self, value):
        with timezone.override(RIYADH):
            return super().to_python(value)


class ScheduleForm(BootstrapMixin, forms.Form):
    at = RiyadhDateTimeField(
        label=_("Publish on (Riyadh time)"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_at(self):
        at = self.cleaned_data.get("at")
        if at is None:
            raise forms.ValidationError(_("Choose the date and time to publish the post."))
        if at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future, or publish the post now."))
        return at


class CategoryForm(BootstrapMixin, forms.Form):
    name_ar = forms.CharField(
        label=_("Name (Arabic)"), max_length=120, required=False, widget=forms.TextInput(_AR)
    )
    name_en = forms.CharField(
        label=_("Name (English)"), max_length=120, required=False, widget=forms.TextInput(_EN)
    )


class CategoryAddForm(CategoryForm):
    slug = forms.CharField(
        label=_("Short name in the address"),
        max_length=80,
        required=False,
        help_text=_(
            "Latin letters, digits and hyphens. Left empty, it is made from the English name."
        ),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
