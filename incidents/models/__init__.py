"""What was reported: the staff register, the code's provisions, reports and their evidence."""

from incidents.models.code import CodeVersion, Communication, Provision
from incidents.models.drafts import DraftUpload
from incidents.models.employers import Body, Employer, SignatureBlock, Signatory
from incidents.models.reports import (
    EMPLOYEE_HAD_LEFT,
    FACTS_IN_FUTURE,
    FIELDS_REQUIRED_TO_SUBMIT,
    KNOWLEDGE_BEFORE_FACTS,
    KNOWLEDGE_IN_FUTURE,
    PLATFORM_NAME_REQUIRED,
    PROVISION_REQUIRED,
    PROVISION_WRONG_KIND,
    REPORT_LOCKED,
    REQUIRED_TO_SUBMIT,
    AccountKind,
    Addendum,
    Evidence,
    Incident,
    InvolvedPerson,
    Platform,
    ReportLocked,
    evidence_path,
)
from incidents.models.staff import (
    Department,
    Employee,
    EmployeeStatus,
    EmployingEntity,
    Grade,
    LegalStatus,
    Protection,
    grade_at_least,
)

__all__ = [
    "EMPLOYEE_HAD_LEFT", "FACTS_IN_FUTURE", "KNOWLEDGE_BEFORE_FACTS", "KNOWLEDGE_IN_FUTURE",
    "PLATFORM_NAME_REQUIRED", "PROVISION_REQUIRED", "PROVISION_WRONG_KIND", "REPORT_LOCKED",
    "FIELDS_REQUIRED_TO_SUBMIT", "REQUIRED_TO_SUBMIT",
    "AccountKind", "Addendum", "Body", "Employer", "Grade", "SignatureBlock", "Signatory",
    "grade_at_least", "CodeVersion", "Communication", "Department", "DraftUpload", "Employee",
    "EmployeeStatus", "EmployingEntity", "Evidence", "Incident", "InvolvedPerson", "LegalStatus",
    "Platform", "Protection", "Provision", "ReportLocked", "evidence_path",
]
