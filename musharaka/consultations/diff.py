"""Word-level differences between two texts, and between two versions of a draft.

Arabic needs three things a plain ``difflib`` over ``str.split()`` gets wrong:

- punctuation (Arabic comma ، semicolon ؛ question mark ؟ and the Latin ones) is its own token,
  so "المادة،" and "المادة" differ only by the comma;
- words are compared through ``musharaka.core.arabic.normalize``, so adding or removing
  diacritics (or tatweel, or a different alef form) is not a change of wording — the new text is
  what is shown;
- combining marks (harakat) belong to the word they sit on, although ``\\w`` does not match them.

Each token keeps the white space that follows it, so rendering the operations in order gives
back the texts with their original spacing and line breaks.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from musharaka.consultations.models import Node, NodeKind, Version
from musharaka.core.arabic import normalize

Op = Literal["equal", "insert", "delete"]

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640\u200c\u200d"
# A word (letters, digits, their combining marks), or one other visible character; each with
# the white space after it.
_TOKEN = re.compile(rf"([\w{_MARKS}]+|[^\s\w{_MARKS}])(\s*)")


def tokenize(text: str) -> list[tuple[str, str]]:
    """``[(token, following white space)]``; leading white space is kept as an empty token."""
    tokens: list[tuple[str, str]] = []
    lead = len(text) - len(text.lstrip())
    if lead:
        tokens.append(("", text[:lead]))
    tokens.extend((m.group(1), m.group(2)) for m in _TOKEN.finditer(text, lead))
    return tokens


def _join(tokens: list[tuple[str, str]]) -> str:
    return "".join(word + space for word, space in tokens)


def article_diff(old: str, new: str) -> list[tuple[Op, str]]:
    """Word-level operations turning ``old`` into ``new``: ``("equal", text)`` shows the new
    text, ``("delete", text)`` the old words removed, ``("insert", text)`` the new words added.
    Adjacent operations of the same kind are merged."""
    old_tokens, new_tokens = tokenize(old or ""), tokenize(new or "")
    matcher = SequenceMatcher(
        None,
        [normalize(word) for word, _ in old_tokens],
        [normalize(word) for word, _ in new_tokens],
        autojunk=False,
    )
    ops: list[tuple[Op, str]] = []

    def add(op: Op, text: str) -> None:
        if not text:
            return
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + text)
        else:
            ops.append((op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", _join(new_tokens[j1:j2]))
            continue
        if tag in ("delete", "replace"):
            add("delete", _join(old_tokens[i1:i2]))
        if tag in ("insert", "replace"):
            add("insert", _join(new_tokens[j1:j2]))
    return ops


def render_ops(ops: list[tuple[Op, str]]) -> SafeString:
    """HTML of a word diff: ``<ins>``/``<del>``, each announced to screen readers ("added",
    "removed") since strike-through and underline are not read aloud."""
    labels = {"insert": _("added:"), "delete": _("removed:")}
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(
                    '<{tag}><span class="visually-hidden">[{label} </span>{text}'
                    '<span class="visually-hidden">]</span></{tag}>',
                    tag="ins" if op == "insert" else "del",
                    label=labels[op],
                    text=text,
                )
                if op != "equal"
                else format_html("{}", text),
            )
            for op, text in ops
        ),
    )


def is_unchanged(ops: list[tuple[Op, str]]) -> bool:
    return all(op == "equal" for op, _ in ops)


Status = Literal["added", "removed", "changed", "unchanged"]


@dataclass
class ArticleChange:
    """One article (by its stable key) between two versions."""

    key: str
    status: Status
    old: Node | None
    new: Node | None
    # Per field ("heading_ar", "body_ar", "heading_en", "body_en"): the word diff.
    fields: dict[str, list[tuple[Op, str]]] = field(default_factory=dict)

    @property
    def node(self) -> Node:
        """The article as shown: the new one, or the old one when it was removed."""
        return self.new or self.old  # type: ignore[return-value]

    @property
    def renumbered(self) -> bool:
        return bool(self.old and self.new and self.old.number != self.new.number)

    def show(self, language: str) -> "ArticleChange":
        """Pick the language to show and render its heading and body diffs: English when the
        reader reads English and the article has English text, unless only the Arabic (the
        authoritative text) changed, so the change is never hidden from an English reader."""
        english = language.startswith("en") and self.has_english()
        if english and self._changed("ar") and not self._changed("en"):
            english = False
        self.lang = "en" if english else "ar"
        self.heading_html = render_ops(self.fields[f"heading_{self.lang}"])
        self.body_html = render_ops(self.fields[f"body_{self.lang}"])
        return self

    def _changed(self, lang: str) -> bool:
        return any(
            op != "equal"
            for name in (f"heading_{lang}", f"body_{lang}")
            for op, _text in self.fields.get(name, [])
        )

    def has_english(self) -> bool:
        return any(
            (getattr(n, "heading_en", "") or getattr(n, "body_en", ""))
            for n in (self.old, self.new)
            if n is not None
        )


TEXT_FIELDS = ("heading_ar", "body_ar", "heading_en", "body_en")


def _articles(version: Version) -> list[Node]:
    return list(version.nodes.filter(kind=NodeKind.ARTICLE).order_by("position"))


def version_diff(old_version: Version, new_version: Version) -> list[ArticleChange]:
    """Every article of either version, by key, in document order: the new version's order,
    with each removed article placed after the article that preceded it in the old version."""
    old_nodes, new_nodes = _articles(old_version), _articles(new_version)
    old_by_key = {str(n.key): n for n in old_nodes}
    new_keys = {str(n.key) for n in new_nodes}

    changes: list[ArticleChange] = []
    for node in new_nodes:
        key = str(node.key)
        before = old_by_key.get(key)
        if before is None:
            fields = {f: article_diff("", getattr(node, f)) for f in TEXT_FIELDS}
            changes.append(ArticleChange(key, "added", None, node, fields))
            continue
        fields = {f: article_diff(getattr(before, f), getattr(node, f)) for f in TEXT_FIELDS}
        same = all(is_unchanged(ops) for ops in fields.values()) and before.number == node.number
        changes.append(ArticleChange(key, "unchanged" if same else "changed", before, node, fields))

    # Removed articles follow the nearest earlier article that is still there (or lead).
    removed_after: dict[str | None, list[ArticleChange]] = {}
    anchor: str | None = None
    for node in old_nodes:
        key = str(node.key)
        if key in new_keys:
            anchor = key
            continue
        fields = {f: article_diff(getattr(node, f), "") for f in TEXT_FIELDS}
        removed_after.setdefault(anchor, []).append(
            ArticleChange(key, "removed", node, None, fields)
        )
    if not removed_after:
        return changes
    ordered = list(removed_after.get(None, []))
    for change in changes:
        ordered.append(change)
        ordered.extend(removed_after.get(change.key, []))
    return ordered
