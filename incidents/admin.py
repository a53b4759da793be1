"""The admin for the reference data (staff register, the code's provisions) and for looking into
reports. Reports and the provisions they cite are evidence: the admin shows them, never rewrites
them."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from incidents.importers import COLUMNS, REQUIRED_COLUMNS, employees_import
from incidents.services import employee_link_check, employee_link_record
from incidents.models import (
    Addendum,
    Body,
    Employer,
    Signatory,
    CodeVersion,
    Department,
    Employee,
    EmployeeStatus,
    Evidence,
    Incident,
    InvolvedPerson,
    LegalStatus,
    Provision,
)

IMPORT_PERMISSION = "incidents.add_employee"


class EmployeeImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("The export of the payroll system, in UTF-8, separated by ; or ,."),
    )


class BodyInline(admin.TabularInline):
    model = Body
    extra = 0
    fields = ("kind", "name", "on_behalf", "grade")
    show_change_link = True


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "address")
    list_filter = ("kind",)
    search_fields = ("name",)
    inlines = (BodyInline,)


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 1
    fields = ("order", "name", "capacity")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "employer", "kind", "on_behalf", "signed_by")
    list_filter = ("kind", "employer")
    list_select_related = ("employer",)
    search_fields = ("name", "employer__name", "signatories__name")
    inlines = (SignatoryInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("signatories")

    @admin.display(description=_("signed by"))
    def signed_by(self, body: Body) -> str:
        signatories = body.signature_block().signatories
        return "; ".join(f"{name}, {capacity}" for name, capacity in signatories)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "entity")
    list_filter = ("entity",)
    search_fields = ("name",)


class EmployeeStatusInline(admin.TabularInline):
    model = EmployeeStatus
    extra = 0
    fields = ("legal_status", "valid_from")


class EmployeeAdminForm(forms.ModelForm):
    """Refuses, on the form, a change of the user account that the one-person rule forbids."""

    actor = None

    class Meta:
        model = Employee
        fields = "__all__"

    def clean_user(self):
        user = self.cleaned_data.get("user")
        try:
            employee_link_check(employee=self.instance, new_user_id=user.pk if user else None,
                                actor=self.actor)
        except PermissionDenied as error:
            raise ValidationError(str(error)) from None
        return user


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    form = EmployeeAdminForm
    list_display = (
        "personnel_number", "last_name", "first_name", "employer", "department", "grade",
        "legal_status_now", "left_on", "protection",
    )
    list_filter = ("employer", "department__entity", "department", "grade", "protection")
    list_select_related = ("department", "employer")
    search_fields = ("personnel_number", "last_name", "first_name")
    inlines = (EmployeeStatusInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("status_history")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_model(self, request, obj, form, change):
        # The admin's change view runs in one transaction: the record and its case events commit
        # together. The check runs again here for whatever bypassed the form.
        old_user_id = Employee.objects.filter(pk=obj.pk).values_list("user_id", flat=True).first()
        employee_link_check(employee=obj, new_user_id=obj.user_id, actor=request.user)
        super().save_model(request, obj, form, change)
        employee_link_record(employee=obj, old_user_id=old_user_id, actor=request.user)

    @admin.display(description=_("legal status today"))
    def legal_status_now(self, employee: Employee) -> str:
        status = employee.current_status
        return LegalStatus(status).label if status else "—"

    def get_urls(self):
        import_url = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name="incidents_employee_import",
        )
        return [import_url, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_import": request.user.has_perm(IMPORT_PERMISSION),
        }
        return super().changelist_view(request, extra_context=extra_context)

    def import_view(self, request):
        """HR's upload of the payroll export; the same service and messages as the command."""
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        form = EmployeeImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                summary = employees_import(
                    rows_or_file=form.cleaned_data["file"], user=request.user
                )
            except ValidationError as error:
                errors = error.messages
            else:
                self.message_user(request, str(summary), messages.SUCCESS)
                return redirect("admin:incidents_employee_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import employees"),
            "form": form,
            "errors": errors,
            "columns": COLUMNS,
            "required_columns": REQUIRED_COLUMNS,
        }
        return TemplateResponse(request, "admin/incidents/employee/import.html", context)


@admin.register(CodeVersion)
class CodeVersionAdmin(admin.ModelAdmin):
    list_display = ("label", "adopted_on", "is_current")


@admin.register(Provision)
class ProvisionAdmin(admin.ModelAdmin):
    list_display = ("position", "article", "section", "applies_to", "text_nl", "code_version")
    list_filter = ("code_version", "section", "applies_to")
    list_select_related = ("code_version",)
    search_fields = ("text_nl", "text_en")

    # A provision that a report cites is the text the breach was measured against: it stays as it
    # was. A new wording belongs in a new code version.
    def has_change_permission(self, request, obj=None):
        return not _is_cited(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_cited(obj) and super().has_delete_permission(request, obj)


def _is_cited(provision: Provision | None) -> bool:
    return provision is not None and provision.incidents.exists()


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InvolvedPersonInline(ReadOnlyInline):
    model = InvolvedPerson
    fields = ("name", "role", "details")


class AddendumInline(ReadOnlyInline):
    model = Addendum
    fields = ("number", "created_at", "author", "text")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class EvidenceInline(ReadOnlyInline):
    # The file itself is not linked: evidence is only served by the case views, which check the
    # right to see the case and log the download.
    model = Evidence
    fields = (
        "kind", "original_name", "url", "size", "sha256", "captured_at", "note", "addendum",
        "added_by", "added_at",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("added_by", "addendum")


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = (
        "__str__", "employee", "facts_date", "communication", "status", "reporter", "submitted_at"
    )
    list_filter = ("status", "communication", "platform")
    list_select_related = ("employee", "reporter")
    search_fields = ("employee__personnel_number", "employee__last_name", "description")
    inlines = (InvolvedPersonInline, AddendumInline, EvidenceInline)

    def get_queryset(self, request):
        # A draft is its author's alone until it is submitted: nobody else sees it, here neither.
        return super().get_queryset(request).filter(status=Incident.Status.SUBMITTED)

    # Reports are written through the report form, whose service checks the provisions against the
    # kind of communication; a submitted report is evidence and is only completed by addenda.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_submitted:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
