from django.contrib import admin

from workflows.admin import ReadOnlyAdmin
from workflows.retention.models import (
    PLACEHOLDER_HELP,
    RetentionLog,
    RetentionPolicy,
    SubjectAccessExport,
)
from workflows.retention.services import retention_policy_save


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    """HR leads change the periods (retention.change_retentionpolicy); rows are never deleted."""

    list_display = ["outcome", "period_label", "to_be_confirmed", "legal_source", "updated_by",
                    "updated_at"]
    list_filter = ["to_be_confirmed"]
    readonly_fields = ["updated_by", "updated_at"]
    fieldsets = [(None, {
        "description": PLACEHOLDER_HELP,
        "fields": ["outcome", ("years", "months"), "legal_source", "note", "to_be_confirmed",
                   "updated_by", "updated_at"],
    })]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "outcome"] if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        retention_policy_save(policy=obj, user=request.user)


@admin.register(RetentionLog)
class RetentionLogAdmin(ReadOnlyAdmin):
    list_display = ["reference", "outcome", "closed_at", "purged_at", "period_years",
                    "period_months", "period_to_be_confirmed", "ran_by"]
    list_filter = ["outcome", "period_to_be_confirmed"]
    search_fields = ["reference"]


@admin.register(SubjectAccessExport)
class SubjectAccessExportAdmin(ReadOnlyAdmin):
    list_display = ["at", "personnel_number", "user", "cases_included", "cases_withheld",
                    "files_included", "size"]
    list_select_related = ["user"]
    search_fields = ["personnel_number", "user__username"]
