"""Forms of the review table (filters, bulk assign, bulk answer) and of publishing the outcome.

They only parse input; the rules are in ``review.py``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from musharaka.consultations.models import Answer, Node, Stance
from musharaka.consultations.selectors import REVIEW_GENERAL
from musharaka.core.bilingual import localized
from musharaka.core.models import Agency, ParticipantType, User
from musharaka.core.workspace_forms import BootstrapMixin

ANY = [("", _("Any"))]


def article_label(node: Node) -> str:
    """ "Article 3: Definitions" in the reader's language."""
    heading = str(localized(node, "heading"))
    if node.number is None:
        return heading or str(_("Article"))
    label = _("Article %(number)s") % {"number": node.number}
    return f"{label}: {heading}" if heading else str(label)


class ReviewFilterForm(BootstrapMixin, forms.Form):
    """The table's filters, sent by GET so they work without JavaScript and can be bookmarked."""

    article = forms.ChoiceField(label=_("Article"), required=False)
    stance = forms.ChoiceField(label=_("Stance"), required=False, choices=ANY + Stance.choices)
    participant_type = forms.ChoiceField(
        label=_("Participant type"), required=False, choices=ANY + ParticipantType.choices
    )
    agency = forms.TypedChoiceField(
        label=_("On behalf of"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("Answer"),
        required=False,
        choices=[
            *ANY,
            ("unanswered", _("Not answered yet")),
            ("answered", _("Answered (any decision)")),
            *Answer.choices,
        ],
    )
    assigned = forms.ChoiceField(label=_("Assigned to"), required=False)

    def __init__(
        self,
        *args,
        articles: list[Node],
        agencies: list[Agency],
        team: list[User],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = (
            ANY
            + [(REVIEW_GENERAL, _("The whole draft"))]
            + [(str(n.key), article_label(n)) for n in articles]
        )
        self.fields["agency"].choices = ANY + [(a.pk, str(localized(a, "name"))) for a in agencies]
        self.fields["assigned"].choices = (
            ANY + [("none", _("Nobody"))] + [(str(u.pk), u.full_name or u.email) for u in team]
        )

    def filters(self) -> dict:
        """The valid filters (an invalid one is dropped, and its error shown)."""
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if data.get(name)}


class AssignForm(BootstrapMixin, forms.Form):
    member = forms.ChoiceField(label=_("Assign the selected comments to"))

    def __init__(self, *args, team: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", _("Choose a member")), ("none", _("Nobody"))] + [
            (str(u.pk), u.full_name or u.email) for u in team
        ]


class AnswerForm(BootstrapMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Decision"), choices=[("", _("Choose a decision")), *Answer.choices]
    )
    response_ar = forms.CharField(
        label=_("Response (Arabic)"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
        max_length=5000,
    )
    response_en = forms.CharField(
        label=_("Response (English, optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "en"}),
        max_length=5000,
    )


class OutcomeForm(BootstrapMixin, forms.Form):
    summary_ar = forms.CharField(
        label=_("What was done (Arabic)"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "rtl", "lang": "ar"}),
        max_length=20000,
    )
    summary_en = forms.CharField(
        label=_("What was done (English, optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "ltr", "lang": "en"}),
        max_length=20000,
    )
