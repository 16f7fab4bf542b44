"""Reads for the bell, the notification list and the preferences page."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from musharaka.notifications.kinds import KINDS
from musharaka.notifications.models import Delivery, Notification, NotificationPreference


def unread_count(*, user) -> int:
    """The number on the bell in every page's header (one indexed count)."""
    return Notification.objects.filter(recipient=user, read_at=None).count()


def notifications_for(*, user) -> QuerySet[Notification]:
    """A user's notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def notification_for(*, user, pk: int) -> Notification:
    """One of the user's own notifications, or 404: others' notifications do not exist for them."""
    notification = Notification.objects.filter(recipient=user, pk=pk).first()
    if notification is None:
        raise Http404
    return notification


def delivery_for(*, user, kind: str) -> str:
    """How this kind reaches this user by email; no stored choice means immediately."""
    if KINDS[kind].required:
        return Delivery.IMMEDIATE
    pref = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return pref.delivery if pref else Delivery.IMMEDIATE


def deliveries_for(*, user) -> dict[str, str]:
    """The effective choice for every registered kind, in one query."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {
        key: Delivery.IMMEDIATE if kind.required else stored.get(key, Delivery.IMMEDIATE)
        for key, kind in KINDS.items()
    }


def is_local_url(url: str) -> bool:
    """A path on this site (``/...``), never another host or scheme: safe to redirect to."""
    return (
        url.startswith("/")
        and not url.startswith("//")
        and "\\" not in url
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


def url_in_language(url: str, language: str) -> str:
    """The same page in ``language``: a link stored while a staff member worked in English
    still opens in Arabic for an Arabic reader. Unknown paths are returned unchanged."""
    path = urlsplit(url).path
    for source, _name in settings.LANGUAGES:
        with translation.override(source):
            try:
                resolve(path)
            except Resolver404:
                continue
            return translate_url(url, language)
    return url
