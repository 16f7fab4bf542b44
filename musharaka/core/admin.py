"""The platform admin (Django admin, superusers only). Every change goes through ``services``
so it is checked and lands in the audit trail; the audit trail itself is read-only here."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from musharaka.core import selectors, services
from musharaka.core.models import (
    Agency,
    AuditEvent,
    Membership,
    PageFeedback,
    Representation,
    RepresentationStatus,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "slug", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Agencies own records and audit events; retire one by unticking "active".
        return False

    def save_model(self, request, obj, form, change):
        previous = {f: form.initial.get(f) for f in form.changed_data} if change else None
        services.agency_save(actor=request.user, agency=obj, previous=previous)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Roles are given and taken away, never edited in place, so each step is audited."""

    list_display = ["user", "agency", "role", "created_at"]
    list_filter = ["role", "agency"]
    search_fields = ["user__email", "user__full_name", "agency__name_ar", "agency__name_en"]
    list_select_related = ["user", "agency"]
    raw_id_fields = ["user"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # The last manager stays: an agency without one could not run its workspace.
        return obj is None or not selectors.membership_is_last_manager(membership=obj)

    def save_model(self, request, obj, form, change):
        membership = services.membership_add(
            actor=request.user, agency=obj.agency, user=obj.user, role=obj.role
        )
        obj.pk = membership.pk

    def delete_model(self, request, obj):
        try:
            services.membership_remove(actor=request.user, membership=obj)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("agency", "user"):
            self.delete_model(request, membership)


@admin.register(Representation)
class RepresentationAdmin(ReadOnlyAdmin):
    """Platform admins decide claims to represent organisations (agencies decide their own)."""

    list_display = [
        "user", "kind", "organisation_name", "agency", "job_title", "status", "created_at",
    ]  # fmt: skip
    list_filter = ["status", "kind"]
    search_fields = ["user__email", "user__full_name", "organisation_name", "agency__name_ar"]
    list_select_related = ["user", "agency"]
    actions = ["confirm_selected", "reject_selected"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _decide(self, request, queryset, *, confirm: bool) -> None:
        done, problems = 0, []
        # Counted before deciding: the decided ones would otherwise count as skipped too.
        skipped = queryset.exclude(status=RepresentationStatus.PENDING).count()
        pending = list(
            queryset.filter(status=RepresentationStatus.PENDING).select_related("user", "agency")
        )
        for rep in pending:
            try:
                services.representation_decide(
                    actor=request.user, representation=rep, confirm=confirm
                )
                done += 1
            except (PermissionDenied, ValidationError) as error:
                problems.append(f"{rep}: {' '.join(getattr(error, 'messages', [str(error)]))}")
        self.message_user(
            request,
            ngettext("%(count)d declaration decided.", "%(count)d declarations decided.", done)
            % {"count": done},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d declaration had already been decided and was left as it was.",
                    "%(count)d declarations had already been decided and were left as they were.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
        for problem in problems:
            self.message_user(request, problem, messages.ERROR)

    @admin.action(description=_("Confirm the selected declarations"))
    def confirm_selected(self, request, queryset):
        self._decide(request, queryset, confirm=True)

    @admin.action(description=_("Reject the selected declarations"))
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, confirm=False)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The whole platform's trail; append-only, so nothing can be added, changed or deleted."""

    list_display = ["seq", "created_at", "actor_label", "agency", "verb", "target_label"]
    list_filter = ["agency"]
    search_fields = ["verb", "actor_label", "target_label", "target_id"]
    list_select_related = ["agency"]
    date_hierarchy = "created_at"

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PageFeedback)
class PageFeedbackAdmin(ReadOnlyAdmin):
    """Answers to "Was this page useful?", with a per-page count above the list."""

    list_display = ["path", "useful", "reason", "language", "created_at"]
    list_filter = ["useful", "language"]
    search_fields = ["path", "reason"]
    change_list_template = "core/admin/pagefeedback_change_list.html"

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "by_page": selectors.feedback_by_page()[:50]}
        return super().changelist_view(request, extra_context=extra_context)
