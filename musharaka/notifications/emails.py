"""Rendering notifications as text and email, always in the recipient's language.

Kind templates are plain text: they are rendered without HTML escaping (the list page and the
HTML email escape on output), so "R&D" is stored as "R&D", not "R&amp;D".
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def language_of(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def render_text(template_name: str, context: dict) -> str:
    """Render a ``.txt`` template with autoescaping off (the caller picks the language)."""
    template = get_template(template_name)
    return template.template.render(Context(context, autoescape=False))


def render_kind(*, kind: str, recipient, context: dict) -> tuple[str, str]:
    """Subject (the first line) and body (the rest) of one kind, in the recipient's language."""
    with translation.override(language_of(recipient)):
        text = render_text(
            f"notifications/kinds/{kind}.txt", {"recipient": recipient, **context}
        ).strip()
    subject, _sep, body = text.partition("\n")
    return " ".join(subject.split())[:200], body.strip()


def absolute_url(path: str) -> str:
    return settings.MUSHARAKA_SITE_URL.rstrip("/") + path


def email_build(*, recipient, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    """One email with a plain-text and an HTML part, both in the recipient's language.

    ``template`` names ``notifications/email/<template>.txt`` and ``.html``; every email carries
    links to the notification list and to the delivery preferences.
    """
    language = language_of(recipient)
    with translation.override(language):
        full_context = {
            "recipient": recipient,
            "platform_name": str(settings.MUSHARAKA_PLATFORM_NAME),
            "lang": language,
            "site_url": settings.MUSHARAKA_SITE_URL.rstrip("/"),
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
            "list_url": absolute_url(reverse("notifications:list")),
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            **context,
        }
        full_subject = _("[%(platform)s] %(subject)s") % {
            "platform": full_context["platform_name"],
            "subject": subject,
        }
        text = render_text(f"notifications/email/{template}.txt", full_context)
        html = render_to_string(f"notifications/email/{template}.html", full_context)
    message = EmailMultiAlternatives(
        subject=" ".join(full_subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    return message
