"""Forms of the moderation workspace. They parse input only; ``moderation.py`` holds the rules
and its ``ValidationError`` is put back on these forms by the views."""

from django import forms
from django.utils.translation import gettext_lazy as _

from musharaka.core.workspace_forms import BootstrapMixin
from musharaka.participation.models import (
    Action,
    Contribution,
    ModerationMode,
    QueueReason,
    ReasonCode,
    Space,
)
from musharaka.participation.moderation import MAX_SUSPENSION_DAYS, NOTE_MAX_LENGTH

REASON_CHOICES = [("", _("Choose a reason")), *ReasonCode.choices]
AGE_CHOICES = [
    ("", _("Any age")),
    ("1h", _("Waiting over an hour")),
    ("1d", _("Waiting over a day")),
    ("3d", _("Waiting over three days")),
    ("7d", _("Waiting over a week")),
]


def _note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Note to the author (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("The author reads it with the decision, in the notification and email."),
    )


class SpaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Space) -> str:
        return str(obj.local("title"))


class QueueFilterForm(BootstrapMixin, forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    space = SpaceChoiceField(
        label=_("Discussion"), required=False, queryset=Space.objects.none(), empty_label=_("All")
    )
    reason = forms.ChoiceField(
        label=_("Reason in queue"), required=False, choices=[("", _("All")), *QueueReason.choices]
    )
    age = forms.ChoiceField(label=_("Waiting time"), required=False, choices=AGE_CHOICES)

    def __init__(self, *args, spaces, channels: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces
        self.fields["channel"].choices = [("", _("All")), *((c, c) for c in channels)]


class DecisionForm(BootstrapMixin, forms.Form):
    """One decision on one contribution; hide and reject need a reason from the list."""

    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Action.APPROVE, _("Approve and publish")),
            (Action.HIDE, _("Hide")),
            (Action.REJECT, _("Reject")),
            (Action.RESTORE, _("Restore (publish again)")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Reason (for hide and reject)"), required=False, choices=REASON_CHOICES
    )
    note = _note_field()

    def clean(self):
        data = super().clean()
        if data.get("action") in (Action.HIDE, Action.REJECT) and not data.get("reason"):
            self.add_error("reason", _("Choose the reason from the published list."))
        return data


class BulkDecisionForm(BootstrapMixin, forms.Form):
    """The same decision on the items ticked in the queue."""

    items = forms.ModelMultipleChoiceField(
        queryset=Contribution.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": _("Tick at least one contribution."),
            "invalid_choice": _("One of the ticked contributions is no longer in the queue."),
            "invalid_pk_value": _("One of the ticked contributions is no longer in the queue."),
        },
    )
    action = forms.ChoiceField(
        label=_("Decision for the ticked contributions"),
        choices=[
            ("", _("Choose a decision")),
            (Action.APPROVE, _("Approve and publish")),
            (Action.HIDE, _("Hide")),
            (Action.REJECT, _("Reject")),
        ],
    )
    reason = forms.ChoiceField(
        label=_("Reason (for hide and reject)"), required=False, choices=REASON_CHOICES
    )
    note = _note_field()

    def __init__(self, *args, queue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = queue

    def clean(self):
        data = super().clean()
        if data.get("action") in (Action.HIDE, Action.REJECT) and not data.get("reason"):
            self.add_error("reason", _("Choose the reason from the published list."))
        return data


class RedactForm(BootstrapMixin, forms.Form):
    body = forms.CharField(
        label=_("Public text after redaction"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        help_text=_(
            "Remove only what breaks the rules. The author's original stays in the record, "
            "visible to moderators only."
        ),
    )
    note = _note_field()


class WarnForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("Warning to the author"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class SuspendForm(BootstrapMixin, forms.Form):
    days = forms.IntegerField(
        label=_("Days"), min_value=1, max_value=MAX_SUSPENSION_DAYS, initial=7
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=REASON_CHOICES)
    note = _note_field()


class AppealDecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision on the appeal"),
        choices=[
            ("grant", _("Grant: publish the contribution")),
            ("uphold", _("Refuse: the decision stands")),
        ],
        widget=forms.RadioSelect,
    )
    note = _note_field()


class SettingsForm(BootstrapMixin, forms.Form):
    flag_threshold = forms.IntegerField(
        label=_("Reports from different readers before a contribution is hidden for review"),
        min_value=1,
        max_value=100,
    )
    max_length = forms.IntegerField(
        label=_("Longest contribution (characters)"), min_value=200, max_value=20000
    )
    max_links = forms.IntegerField(
        label=_("Most links in one contribution"), min_value=0, max_value=20
    )
    regulation_consultations_pre_moderated = forms.BooleanField(
        label=_("Pre-moderate new consultations of draft regulations"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    other_spaces_pre_moderated = forms.BooleanField(
        label=_("Pre-moderate new forums, blogs and other discussions"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class SpaceModeForm(forms.Form):
    mode = forms.ChoiceField(choices=ModerationMode.choices)


class AbuseTermForm(BootstrapMixin, forms.Form):
    term = forms.CharField(
        label=_("Word or phrase"),
        max_length=100,
        help_text=_(
            "Type it once as it is usually written; variants with diacritics, tatweel, other "
            "letter forms or spacing tricks are caught too."
        ),
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )


class RulesForm(BootstrapMixin, forms.Form):
    body_ar = forms.CharField(
        label=_("Rules (Arabic)"),
        widget=forms.Textarea(attrs={"rows": 10, "lang": "ar", "dir": "rtl"}),
    )
    body_en = forms.CharField(
        label=_("Rules (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "lang": "en", "dir": "ltr"}),
    )
