"""The notification list, opening and marking read, and the delivery preferences page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from musharaka.notifications import selectors, services
from musharaka.notifications.forms import PreferencesForm

PAGE_SIZE = 25


def _back_to_list(request: HttpRequest) -> HttpResponse:
    """Return to the page of the list the form was on (only a local path is accepted)."""
    target = request.POST.get("next", "")
    if target and selectors.is_local_url(target):
        return redirect(target)
    return redirect("notifications:list")


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page})


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link: mark it read, then go there in the reader's language."""
    notification = selectors.notification_for(user=request.user, pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    if notification.url and selectors.is_local_url(notification.url):
        target = selectors.url_in_language(notification.url, get_language())
        if selectors.is_local_url(target):
            return redirect(target)
    return redirect("notifications:list")


@require_POST
@login_required
def notification_mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_for(user=request.user, pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    messages.success(request, _("Marked as read."))
    return _back_to_list(request)


@require_POST
@login_required
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notification_mark_all_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return _back_to_list(request)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    initial = selectors.deliveries_for(user=request.user)
    form = PreferencesForm(request.POST or None, initial_deliveries=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.preferences_save(user=request.user, choices=form.changeable())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your choices are saved."))
                return redirect(reverse("notifications:preferences"))
        return render(request, "notifications/preferences.html", {"form": form}, status=400)
    return render(request, "notifications/preferences.html", {"form": form})
