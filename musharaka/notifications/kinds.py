"""The kinds of notification the platform sends. Channels register theirs here.

Each kind renders ``notifications/kinds/<key>.txt``: first line subject, the rest the body,
in the recipient's language. ``required`` kinds (legally required messages) cannot be turned off.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    required: bool = False


KINDS: dict[str, Kind] = {
    k.key: k
    for k in [
        Kind("representation_decided", _("Decisions on your representation of an agency")),
        Kind("account_security", _("Security of your account"), required=True),
        # Moderation of public contributions (musharaka.participation.moderation).
        Kind("contribution_decided", _("Moderators' decisions on your contributions")),
        Kind("appeal_decided", _("Decisions on your appeals")),
        Kind("participation_warning", _("Warnings about your contributions")),
        Kind("participation_suspended", _("Suspension of your participation")),
        Kind("participation_suspension_lifted", _("End of a suspension of your participation")),
        Kind("moderation_waiting", _("Contributions waiting for moderation (staff)")),
        # Consultations: the drafting team's answers and the outcome (musharaka.consultations).
        Kind("consultation_comment_answered", _("Answers to your comments on consultations")),
        Kind("consultation_outcome_published", _("Outcomes of consultations you commented on")),
        # Polls and surveys: what the agency will do with the results (musharaka.polls).
        Kind("poll_statement", _("Agencies' statements on polls you answered")),
        # Direct communication (musharaka.contact).
        Kind("contact_request_received", _("Receipts of your requests, with their numbers")),
        Kind("contact_answered", _("Answers to your requests")),
        Kind("contact_information_needed", _("Agencies asking you for more information")),
        Kind("contact_merged", _("Your requests merged into another")),
        Kind("contact_transferred", _("Your requests transferred to another agency")),
        Kind("contact_assigned", _("Requests assigned to you (staff)")),
        Kind("contact_citizen_replied", _("Citizens' replies on your requests (staff)")),
        Kind("contact_escalated", _("Requests nearing or past their deadline (staff)")),
        # Forums (musharaka.forums).
        Kind("forum_reply", _("New replies in forum topics you follow")),
        Kind("forum_mention", _("Forum posts that mention your role (staff)")),
        Kind("forum_staff_answer", _("Staff answers to your forum topics")),
    ]
}
