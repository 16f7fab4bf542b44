"""Forms of the citizens' pages. They only parse what was posted; ``services`` checks the
texts, the files (kind detected from the content, size, how many) and the rate limit, and
says why it refuses."""

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from musharaka.contact.models import Kind
from musharaka.contact.services import (
    ATTACHMENT_MAX_BYTES,
    ATTACHMENTS_MAX,
    BODY_MAX,
    SUBJECT_MAX,
)
from musharaka.core.workspace_forms import BootstrapMixin

ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to ``ATTACHMENTS_MAX`` files from one input; the service checks each of them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def files_hint() -> str:
    """The limits, said next to the field (in the reader's language, so built per form)."""
    return ngettext(
        "Up to %(n)d file: PDF, JPEG, PNG, Word (DOCX) or Excel (XLSX), %(mb)d MB at most.",
        "Up to %(n)d files: PDF, JPEG, PNG, Word (DOCX) or Excel (XLSX), %(mb)d MB each.",
        ATTACHMENTS_MAX,
    ) % {"n": ATTACHMENTS_MAX, "mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)}


class _WithFiles:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hint = files_hint()
        if self.is_bound:
            hint += " " + gettext(
                "Files are not kept when the form is sent back: choose them again."
            )
        self.fields["files"].help_text = hint


class RequestForm(_WithFiles, BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of request is it?"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of request this is.")},
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
        error_messages={"required": _("Give your request a subject.")},
    )
    body = forms.CharField(
        label=_("Your request"),
        max_length=BODY_MAX,
        help_text=_("Explain what you need. Do not include passwords or bank card numbers."),
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        error_messages={"required": _("Write your request.")},
    )
    files = MultipleFileField(label=_("Attachments (optional)"))
    consent_publish = forms.BooleanField(
        label=_("The agency may publish my question and its answer without my name"),
        help_text=_("Personal details are removed and a moderator checks it before it is public."),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, publishable: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not publishable:
            del self.fields["consent_publish"]


class ReplyForm(_WithFiles, BootstrapMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        error_messages={"required": _("Write your reply.")},
    )
    files = MultipleFileField(label=_("Attachments (optional)"))


class ReopenForm(BootstrapMixin, forms.Form):
    body = forms.CharField(
        label=_("Why did the answer not help?"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        error_messages={"required": _("Say why the answer did not help.")},
    )


class RateForm(BootstrapMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How helpful was the answer?"),
        choices=[
            (5, _("5 — very helpful")),
            (4, "4"),
            (3, "3"),
            (2, "2"),
            (1, _("1 — not helpful at all")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
