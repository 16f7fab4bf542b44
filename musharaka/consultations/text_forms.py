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


class EnglishImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("English Markdown or Word file"),
        help_text=_(
            "A .md (UTF-8) or .docx file of at most 2 MB with the same chapters and articles as "
            'the Arabic text, in the same order; each article starts with "Article" and its '
            'number ("Article 3", "Article Three").'
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".md,.markdown,.docx"}),
    )
    replace = forms.BooleanField(
        label=_("Replace the English text already written"),
        required=False,
        help_text=_("Without this, a version that already has some English text is left as is."),
    )


def _place_label(node) -> str:
    if node.kind == NodeKind.ARTICLE:
        label = _("Article %(number)s") % {"number": node.number}
        heading = node.heading_ar or node.body_ar
        return f"{label}: {heading[:60]}" if heading else str(label)
    return node.heading_ar[:80] or str(_("Untitled section"))


class NodeMoveToForm(BootstrapMixin, forms.Form):
    """Where to move a chapter or an article: the start or end of the text or of a chapter, or
    right after one of a chapter's parts. Values are ``first:<id>``, ``end:<id>`` (``top`` for
    the text itself) and ``after:<id>``."""

    place = forms.ChoiceField(label=_("Move to"))
    renumber = forms.BooleanField(
        label=_("Number the articles again in their new order (1, 2, 3…)"),
        required=False,
        initial=True,
        help_text=_(
            "The articles keep their identity: comments and the comparison between versions "
            "follow them whatever their number."
        ),
    )

    def __init__(self, *args, outline=(), node=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = {n.pk: n for n in outline}
        inside = {node.pk} if node is not None else set()
        for item in outline:  # document order: a part comes after its parent
            if item.parent_id in inside:
                inside.add(item.pk)
        children: dict[int | None, list] = {}
        for item in outline:
            if item.pk not in inside and item.kind != NodeKind.PARAGRAPH:
                children.setdefault(item.parent_id, []).append(item)
        groups = [(None, _("The text itself (outside any chapter)"))] + [
            (item.pk, _("Chapter: %(heading)s") % {"heading": _place_label(item)})
            for item in outline
            if item.kind == NodeKind.CHAPTER and item.pk not in inside
        ]
        choices: list = [("", _("— choose a place —"))]
        for pk, group_label in groups:
            key = "top" if pk is None else pk
            name = _("the text") if pk is None else _place_label(self.by_pk[pk])
            kids = children.get(pk, [])
            options = [(f"first:{key}", _("At the start of %(name)s") % {"name": name})]
            options += [
                (f"after:{kid.pk}", _("After %(part)s") % {"part": _place_label(kid)})
                for kid in kids[:-1]
            ]
            if kids:
                options.append((f"end:{key}", _("At the end of %(name)s") % {"name": name}))
            choices.append((group_label, options))
        self.fields["place"].choices = choices

    def target(self) -> tuple:
        """(parent, after, first) for ``texts.node_move_to`` from the chosen place."""
        how, _sep, pk = self.cleaned_data["place"].partition(":")
        if how == "after":
            after = self.by_pk[int(pk)]
            return self.by_pk.get(after.parent_id), after, False
        parent = None if pk == "top" else self.by_pk[int(pk)]
        return parent, None, how == "first"
