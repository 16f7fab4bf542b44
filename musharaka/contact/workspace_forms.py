"""Forms of the staff queue and request page. They only parse input; ``services.py`` checks
the texts, files and who may do what, and its ``ValidationError`` goes back on these forms
(``add_service_errors``)."""

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from musharaka.contact.forms import MultipleFileField
from musharaka.contact.models import Inbox, Kind, ReplyTemplate, Request, Status
from musharaka.contact.queue import STATUS_ALL, STATUS_OPEN
from musharaka.contact.services import ATTACHMENT_MAX_BYTES, ATTACHMENTS_MAX, BODY_MAX
from musharaka.core.bilingual import localized
from musharaka.core.models import User
from musharaka.core.workspace_forms import BootstrapMixin

ANY = [("", _("Any"))]


def _name(user: User) -> str:
    return user.full_name or user.email


# --- The queue's filters ----------------------------------------------------------------------


class QueueFilterForm(BootstrapMixin, forms.Form):
    """Sent by GET, so the filters work without JavaScript and can be bookmarked."""

    inbox = forms.TypedChoiceField(label=_("Inbox"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (STATUS_OPEN, _("Open (the clock is running)")),
            *Status.choices,
            (STATUS_ALL, _("Any status")),
        ],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + Kind.choices)
    assigned = forms.ChoiceField(
        label=_("Assigned to"),
        required=False,
        choices=[("", _("Anyone")), ("me", _("Me")), ("none", _("Nobody yet"))],
    )
    overdue = forms.BooleanField(
        label=_("Overdue only"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    escalated = forms.BooleanField(
        label=_("Escalated only"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, inboxes: list[Inbox], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inbox"].choices = [("", _("All my inboxes"))] + [
            (i.pk, str(localized(i, "name"))) for i in inboxes
        ]

    def filters(self) -> dict:
        """The valid filters for ``queue.staff_queue`` (an invalid one is dropped)."""
        data = getattr(self, "cleaned_data", {})
        return {
            "inbox": data.get("inbox"),
            "status": data.get("status") or STATUS_OPEN,
            "kind": data.get("kind") or "",
            "assigned": data.get("assigned") or "",
            "overdue": bool(data.get("overdue")),
            "escalated": bool(data.get("escalated")),
        }


# --- Actions on one request -------------------------------------------------------------------


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return _name(obj)


class AssignForm(BootstrapMixin, forms.Form):
    assignee = PersonChoiceField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        empty_label=_("Choose a member of the inbox's team"),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people


def _text(label, *, rows: int = 5, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=BODY_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "dir": "auto"}),
    )


class AnswerForm(BootstrapMixin, forms.Form):
    body = _text(_("Answer to the citizen"), rows=8)
    files = MultipleFileField(label=_("Attachments (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hint = ngettext(
            "Up to %(n)d file: PDF, JPEG, PNG, Word (DOCX) or Excel (XLSX), %(mb)d MB at most.",
            "Up to %(n)d files: PDF, JPEG, PNG, Word (DOCX) or Excel (XLSX), %(mb)d MB each.",
            ATTACHMENTS_MAX,
        ) % {"n": ATTACHMENTS_MAX, "mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        if self.is_bound:
            hint += " " + gettext(
                "Files are not kept when the form is sent back: choose them again."
            )
        self.fields["files"].help_text = hint


class AskForm(BootstrapMixin, forms.Form):
    body = _text(
        _("What information is needed"),
        help_text=_(
            "The citizen is told and the clock stops until they reply; the working time left "
            "is kept."
        ),
    )


class NoteForm(BootstrapMixin, forms.Form):
    body = _text(
        _("Internal note"),
        rows=3,
        help_text=_("Only the agency's staff see it; it is never shown to the citizen."),
    )


class RequestChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Request) -> str:
        return gettext("%(number)s — %(subject)s (%(status)s)") % {
            "number": obj.number,
            "subject": obj.subject,
            "status": obj.get_status_display(),
        }


class MergeForm(BootstrapMixin, forms.Form):
    into = RequestChoiceField(
        label=_("Merge this request into"),
        queryset=Request.objects.none(),
        empty_label=_("Choose the citizen's other request"),
        help_text=_(
            "This request is closed with a pointer to the one chosen, where it will be "
            "answered. The citizen is told."
        ),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = candidates


class InboxChoiceField(forms.ModelChoiceField):
    """Another agency's inbox, grouped under its agency's name."""

    def _grouped(self):
        yield ("", self.empty_label)
        groups: dict[int, tuple[str, list]] = {}
        for inbox in self.queryset:
            name = str(localized(inbox.agency, "name"))
            groups.setdefault(inbox.agency_id, (name, []))[1].append(
                (self.prepare_value(inbox), str(localized(inbox, "name")))
            )
        yield from groups.values()

    def _get_choices(self):
        return list(self._grouped())

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


class TransferForm(BootstrapMixin, forms.Form):
    to_inbox = InboxChoiceField(
        label=_("Transfer to"),
        queryset=Inbox.objects.none(),
        empty_label=_("Choose another agency's inbox"),
    )
    reason = _text(
        _("Why it is transferred"),
        rows=3,
        help_text=_(
            "The citizen reads this. The conversation goes along; the internal notes do not."
        ),
    )

    def __init__(self, *args, inboxes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_inbox"].queryset = inboxes


class PublishForm(BootstrapMixin, forms.Form):
    question = _text(
        _("Question, without personal details"),
        help_text=_(
            "Remove names, numbers and anything else that identifies the asker. What the "
            "checks still find is masked, and a moderator reviews it before it is shown."
        ),
    )
    answer = _text(_("Answer"), rows=6)


class TemplatePickForm(BootstrapMixin, forms.Form):
    """Put a saved reply into the answer box: a GET form (``?template=<id>`` inserts the Arabic
    text, ``?template=<id>-en`` the English one), so it needs no JavaScript."""

    template = forms.ChoiceField(label=_("Saved reply"))

    def __init__(self, *args, templates: list[ReplyTemplate], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose a saved reply"))]
        for template in templates:
            choices.append(
                (str(template.pk), gettext("%(title)s (Arabic)") % {"title": template.title_ar})
            )
            if template.body_en:
                title = template.title_en or template.title_ar
                choices.append(
                    (f"{template.pk}-en", gettext("%(title)s (English)") % {"title": title})
                )
        self.fields["template"].choices = choices
        self.templates = {t.pk: t for t in templates}

    def text(self) -> str:
        """The chosen saved reply's text in the chosen language."""
        value = self.cleaned_data["template"]
        pk, _sep, language = value.partition("-")
        template = self.templates[int(pk)]
        return template.body_en if language == "en" else template.body_ar
