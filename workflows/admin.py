from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from workflows.models import (
    AccessLog,
    Case,
    CaseDeadline,
    CaseEvent,
    CompetenceRule,
    DeadlineRule,
    LegalOpinion,
    NotificationRule,
    Remedy,
    RuleChange,
    SanctionRule,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """History and logs are evidence: the admin shows them and offers no way to change them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    """Saving a changed rule stores a new version; cases keep the version they were computed with."""

    list_display = ["code", "regime", "version", "name_nl", "length", "unit", "legal_source",
                    "effective_from", "to_be_confirmed", "on_expiry", "moves_to_next_working_day"]
    list_filter = ["regime", "to_be_confirmed", "unit", "on_expiry"]
    search_fields = ["code", "name_nl", "legal_source"]
    readonly_fields = ["version", "created_by", "created_at"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            previous = DeadlineRule.objects.get(pk=obj.pk)
            obj.pk = None
            obj._state.adding = True
            obj.version = (
                DeadlineRule.objects.filter(code=previous.code, regime=previous.regime)
                .order_by("-version").values_list("version", flat=True).first() + 1
            )
        obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["change_reason"].required = True
        form.base_fields["change_reason"].help_text = _(
            "Why this version: the legal source that confirms or corrects the rule.")
        return form


@admin.register(SanctionRule)
class SanctionRuleAdmin(ReadOnlyAdmin):
    """Confirmed and corrected on the Rulebook page (/rulebook/), which writes versions and logs."""

    list_display = ["sanction", "regime", "version", "in_catalogue", "legal_source",
                    "effective_from", "to_be_confirmed"]
    list_filter = ["regime", "to_be_confirmed"]


@admin.register(CompetenceRule)
class CompetenceRuleAdmin(ReadOnlyAdmin):
    """Confirmed and corrected on the Rulebook page (/rulebook/), which writes versions and logs."""

    list_display = ["decision", "regime", "grade", "body_kind", "delegable", "version",
                    "legal_source", "effective_from", "to_be_confirmed"]
    list_filter = ["regime", "to_be_confirmed"]


@admin.register(RuleChange)
class RuleChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "rule_label", "reason"]
    list_select_related = ["actor"]
    list_filter = ["action", "rule_kind"]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["case", "sequence", "created_at", "actor", "label"]
    list_select_related = ["case", "actor"]
    search_fields = ["case__reference"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "case", "target", "ip_address"]
    list_select_related = ["user", "case"]
    list_filter = ["action"]
    search_fields = ["case__reference", "user__username"]


@admin.register(LegalOpinion)
class LegalOpinionAdmin(ReadOnlyAdmin):
    list_display = ["case", "author", "filed_at"]
    list_select_related = ["case", "author"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["reference", "state", "track", "handler", "opened_at"]
    list_select_related = ["handler"]
    list_filter = ["state", "track"]
    search_fields = ["reference"]


@admin.register(CaseDeadline)
class CaseDeadlineAdmin(ReadOnlyAdmin):
    list_display = ["case", "code", "due_date", "status"]
    list_select_related = ["case"]


@admin.register(NotificationRule)
class NotificationRuleAdmin(admin.ModelAdmin):
    """How decisions must be notified; confirmed or corrected on the rulebook page."""

    list_display = ["subject", "regime", "version", "methods", "effective_from", "to_be_confirmed"]
    list_filter = ["regime", "to_be_confirmed"]


@admin.register(Remedy)
class RemedyAdmin(admin.ModelAdmin):
    """What the letters say about appeals; a flagged remedy blocks sending until confirmed."""

    list_display = ["decision", "regime", "version", "body_nl", "time_limit_nl",
                    "effective_from", "to_be_confirmed"]
    list_filter = ["regime", "decision", "to_be_confirmed"]
