from django.contrib import admin

from workflows.documents.models import IssuedDocument


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    """A read-only register: documents are issued, sent and superseded only through the services."""

    list_display = ("case", "kind", "version", "generated_at", "generated_by", "sent_on",
                    "superseded_at")
    list_filter = ("kind",)
    search_fields = ("case__reference", "sha256")
    exclude = ("content",)
    readonly_fields = [
        field.name for field in IssuedDocument._meta.fields if field.name != "content"
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
