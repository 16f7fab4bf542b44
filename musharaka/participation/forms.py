"""Forms of the comments component. They parse what was posted and stop robots (a honeypot field
and a signed time trap); every rule about the text itself is ``services.contribution_submit``'s.
"""

import time
from dataclasses import dataclass, field

from django import forms
from django.apps import apps
from django.core import signing
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from musharaka.participation.models import FlagReason

TIME_TRAP_SALT = "participation.comment-form"
TARGET_SALT = "participation.thread-target"
# A person needs longer than this to read, write and send; a form older than a day is stale.
FASTEST_HUMAN_SECONDS = 3
OLDEST_FORM_SECONDS = 24 * 3600
HONEYPOT_FIELD = "website"


def target_token(target: Model) -> str:
    """The thread's target (a consultation article, say) as a signed form value."""
    return signing.dumps([target._meta.label_lower, str(target.pk)], salt=TARGET_SALT)


def target_from_token(token: str) -> Model | None:
    """The object behind ``target_token``; raises BadSignature when the value was altered."""
    label, pk = signing.loads(token, salt=TARGET_SALT)
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model._default_manager.filter(pk=pk).first()


def time_trap_token() -> str:
    """Signed moment the form was shown; sent back with the form."""
    return signing.dumps(time.time(), salt=TIME_TRAP_SALT, compress=True)


class ContributionForm(forms.Form):
    """A new comment or reply. ``body`` may arrive empty or too long: the service says so,
    in the same words for every channel."""

    body = forms.CharField(required=False, strip=False)
    parent = forms.IntegerField(required=False, min_value=1)
    target = forms.CharField(required=False)
    accept_rules = forms.BooleanField(required=False)
    rules_version = forms.IntegerField(required=False, min_value=1)
    started = forms.CharField(required=False)
    website = forms.CharField(required=False)  # the honeypot: people never see it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The service refuses control characters (NUL included) in the words every channel uses.
        self.fields["body"].validators = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                _("We could not accept this contribution. Please send it again."),
                code="honeypot",
            )
        try:
            shown = float(signing.loads(cleaned.get("started") or "", salt=TIME_TRAP_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(
                _("We could not accept this contribution. Please send it again."),
                code="time_trap",
            ) from None
        waited = time.time() - shown
        if waited > OLDEST_FORM_SECONDS:
            raise forms.ValidationError(
                _(
                    "This form was open for more than a day. "
                    "Please check your text and send it again."
                ),
                code="stale",
            )
        if waited < FASTEST_HUMAN_SECONDS:
            raise forms.ValidationError(
                _(
                    "That was sent faster than a person can write. "
                    "Please wait a moment and send it again."
                ),
                code="too_fast",
            )
        return cleaned


class EditForm(forms.Form):
    body = forms.CharField(required=False, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].validators = []  # as in ContributionForm: the service decides


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        choices=FlagReason.choices,
        error_messages={
            "required": _("Choose why you are reporting this contribution."),
            "invalid_choice": _("Choose why you are reporting this contribution."),
        },
    )
    note = forms.CharField(required=False, max_length=500)


@dataclass
class ThreadFormState:
    """A form the thread page must show again, as it was sent and with its errors: what a
    participation view hands to the thread page it re-renders (``request.comments_state``)."""

    space_id: int
    action: str  # "submit", "reply", "edit", "withdraw", "endorse" or "flag"
    contribution_id: int | None = None
    data: dict = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def general_errors(self) -> list[str]:
        return self.errors.get("__all__", [])
