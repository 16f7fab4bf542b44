"""Workspace forms for the text of a draft; they only parse, ``texts`` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from musharaka.consultations.models import NodeKind
from musharaka.core.workspace_forms import BootstrapMixin


class TextImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Markdown or Word file"),
        help_text=_(
            "A .md (UTF-8) or .docx file of at most 2 MB. Headings become chapters; each article "
            'starts on its own line with "المادة" and its number, or "Article" and its number.'
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".md,.markdown,.docx"}),
    )


def _text(label, *, lang: str, rows: int = 0, max_length: int | None = None):
    attrs = {"lang": lang, "dir": "rtl" if lang == "ar" else "ltr"}
    if rows:
        return forms.CharField(
            label=label, required=False, widget=forms.Textarea(attrs={**attrs, "rows": rows})
        )
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(attrs=attrs),
    )


class NodeForm(BootstrapMixin, forms.Form):
    number = forms.CharField(
        label=_("Article number"),
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
    )
    heading_ar = _text(_("Heading (Arabic)"), lang="ar", max_length=300)
    heading_en = _text(_("Heading (English)"), lang="en", max_length=300)
    body_ar = _text(_("Text (Arabic)"), lang="ar", rows=8)
    body_en = _text(_("Text (English)"), lang="en", rows=8)
    same_as = forms.ChoiceField(
        label=_("Same article as, in an earlier version"),
        required=False,
        help_text=_(
            "For an article that moved or was renumbered: comments and the comparison between "
            "versions follow it."
        ),
    )

    def __init__(self, *args, article: bool = True, earlier=(), current_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not article:
            del self.fields["number"]
            del self.fields["same_as"]
            return
        first = (
            (str(current_key), _("— unchanged —"))
            if current_key is not None
            else ("", _("— a new article —"))
        )
        self.fields["same_as"].choices = [first] + [
            (
                str(n.key),
                _("Article %(number)s of version %(version)s: %(heading)s")
                % {
                    "number": n.number,
                    "version": n.version.number,
                    "heading": (n.heading_ar or n.body_ar)[:60],
                },
            )
            for n in earlier
            if n.key != current_key
        ]


class NodeAddForm(NodeForm):
    kind = forms.ChoiceField(
        label=_("Add"),
        choices=[(NodeKind.ARTICLE, _("An article")), (NodeKind.CHAPTER, _("A chapter"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    parent = forms.TypedChoiceField(label=_("Inside"), required=False, coerce=int, empty_value=None)
    after = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, chapters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("The top level of the text"))] + [
            (n.pk, n.heading_ar or _("Untitled section")) for n in chapters
        ]
        self.order_fields(["kind", "parent"])


class VersionPublishForm(BootstrapMixin, forms.Form):
    note_ar = _text(_("What changed (Arabic)"), lang="ar", rows=4)
    note_en = _text(_("What changed (English)"), lang="en", rows=4)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
