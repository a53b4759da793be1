"""At the end of its retention period a closed case is purged, row and file; a log entry without
personal data remains. A case on legal hold, or still within its period, is kept."""

import datetime
import io
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import models
from django.db.models import ProtectedError
from django.utils import timezone

from incidents.models import Addendum, Employee, Evidence, Incident, InvolvedPerson
from tests.retention.conftest import (
    closed_without_follow_up,
    first_purge_day,
    reload,
    submitted_case,
)
from workflows.models import (
    AccessLog,
    Appeal,
    Case,
    CaseDeadline,
    CaseEvent,
    CaseExclusion,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Decision,
    Hearing,
    HistoryIsAppendOnly,
    LegalOpinion,
    Notification,
    PreventiveSuspension,
    ReviewRequest,
)
from workflows.retention import services
from workflows.retention.models import RetentionLog, RetentionPolicy
from workflows.retention.selectors import Verdict
from workflows.retention.services import (
    CaseNotPurgeable,
    case_purge,
    case_set_legal_hold,
    retention_apply,
)
from workflows.services import steps

pytestmark = pytest.mark.django_db
RAN_BY = "test suite"

CASE_TABLES = [CaseEvent, CaseDeadline, Hearing, Decision, Notification, Appeal,
               PreventiveSuspension, LegalOpinion, AccessLog, ReviewRequest, CaseExclusion,
               CaseUserObjectPermission, CaseGroupObjectPermission]
REPORT_TABLES = [InvolvedPerson, Addendum, Evidence]


def issued_documents():
    if not apps.is_installed("workflows.documents"):
        return None
    return apps.get_model("documents", "IssuedDocument")


def rows_of(case_pk: int, incident_pk: int) -> dict[str, int]:
    """Every row that belongs to the case or its report, per model."""
    counts = {m.__name__: models.QuerySet(m).filter(**{_case_field(m): case_pk}).count()
              for m in CASE_TABLES}
    counts |= {m.__name__: m.objects.filter(incident_id=incident_pk).count() for m in REPORT_TABLES}
    counts["Case"] = Case.objects.filter(pk=case_pk).count()
    counts["Incident"] = Incident.objects.filter(pk=incident_pk).count()
    if issued_documents():
        counts["IssuedDocument"] = models.QuerySet(issued_documents()).filter(
            case_id=case_pk).count()
    return counts


def _case_field(model) -> str:
    return "content_object_id" if model in (CaseUserObjectPermission,
                                            CaseGroupObjectPermission) else "case_id"


def stored_files(case: Case) -> list[Path]:
    names = [e.file.name for e in Evidence.objects.filter(incident=case.incident).exclude(file="")]
    if issued_documents():
        names += [d.file.name for d in issued_documents().objects.filter(case=case)]
    return [Path(settings.MEDIA_ROOT) / name for name in names]


def every_table_pointing_at(model) -> list:
    """Every model with a foreign key to `model`: a new one added later is checked too."""
    return [
        (related, field.name)
        for related in apps.get_models() for field in related._meta.get_fields()
        if isinstance(field, models.ForeignKey) and field.related_model is model
    ]


class TestCasePurge:
    def test_purge_removes_every_row_and_file_of_an_expired_case(
            self, full_case, django_capture_on_commit_callbacks):
        case_pk, incident_pk, employee_pk = full_case.pk, full_case.incident_id, \
            full_case.incident.employee_id
        before, files = rows_of(case_pk, incident_pk), stored_files(full_case)
        assert all(before.values()), f"the fixture must fill every table: {before}"
        assert len(files) == 3 and all(path.exists() for path in files)

        with django_capture_on_commit_callbacks(execute=True):
            retention_apply(today=first_purge_day(full_case), ran_by=RAN_BY)

        assert not any(rows_of(case_pk, incident_pk).values())
        for model, field in every_table_pointing_at(Case):
            assert not models.QuerySet(model).filter(**{f"{field}_id": case_pk}).exists(), model
        for model, field in every_table_pointing_at(Incident):
            assert not models.QuerySet(model).filter(**{f"{field}_id": incident_pk}).exists(), model
        assert not any(path.exists() for path in files)
        assert Employee.objects.filter(pk=employee_pk).exists(), "the staff register stays"

    def test_files_are_removed_only_once_the_purge_has_committed(
            self, hr_user, django_capture_on_commit_callbacks):
        case = closed_without_follow_up(hr=hr_user)
        files = stored_files(case)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            case_purge(case=case, today=first_purge_day(case), ran_by=RAN_BY)
        assert not Case.objects.filter(pk=case.pk).exists()
        assert all(path.exists() for path in files)
        for callback in callbacks:
            callback()
        assert not any(path.exists() for path in files)

    def test_purge_leaves_a_log_entry_that_names_nobody(
            self, full_case, django_capture_on_commit_callbacks):
        employee, reporter = full_case.incident.employee, full_case.incident.reporter
        closed_at, reference = full_case.closed_at, full_case.reference
        with django_capture_on_commit_callbacks(execute=True):
            retention_apply(today=first_purge_day(full_case), ran_by=RAN_BY)

        log = RetentionLog.objects.get(reference=reference)
        assert (log.outcome, log.closed_at) == (Case.Outcome.SANCTION, closed_at)
        assert log.ran_by == RAN_BY
        assert (log.period_years, log.period_months) == (10, 0)
        assert log.period_to_be_confirmed
        assert log.removed["workflows.CaseEvent"] > 0 and log.removed["files"] == 3
        written = " ".join(str(getattr(log, f.attname)) for f in RetentionLog._meta.fields)
        for personal in (employee.last_name, employee.first_name, employee.personnel_number,
                         reporter.last_name, reporter.get_username(), "Pieter De Smet"):
            assert personal not in written

    def test_the_log_survives_and_can_be_neither_changed_nor_deleted(self, hr_user):
        case = closed_without_follow_up(hr=hr_user)
        log = case_purge(case=case, today=first_purge_day(case), ran_by=RAN_BY)
        assert RetentionLog.objects.filter(reference=case.reference).exists()
        with pytest.raises(HistoryIsAppendOnly):
            log.delete()
        with pytest.raises(HistoryIsAppendOnly):
            RetentionLog.objects.filter(pk=log.pk).delete()
        with pytest.raises(HistoryIsAppendOnly):
            RetentionLog.objects.filter(pk=log.pk).update(reference="TD-0000-0000")
        log.ran_by = "someone else"
        with pytest.raises(HistoryIsAppendOnly):
            log.save()

    def test_the_purge_path_leaves_the_append_only_rule_in_force_elsewhere(self, hr_user):
        case = closed_without_follow_up(hr=hr_user)
        with pytest.raises(HistoryIsAppendOnly):
            CaseEvent.objects.filter(case=case).delete()
        assert CaseEvent.objects.filter(case=case).exists()

    def test_a_case_on_legal_hold_is_kept(self, hr_user, lead_user):
        case = closed_without_follow_up(hr=hr_user)
        case_set_legal_hold(case=case, user=lead_user, on=True,
                            reason="Beroep bij de Raad van State")
        result = retention_apply(today=first_purge_day(case) + datetime.timedelta(days=3650),
                                 ran_by=RAN_BY)
        assert Case.objects.filter(pk=case.pk).exists()
        assert [d.case.pk for d in result.with_verdict(Verdict.KEEP_LEGAL_HOLD)] == [case.pk]
        assert not RetentionLog.objects.exists()

    def test_a_hold_placed_after_the_run_selected_the_case_still_stops_its_purge(
            self, hr_user, lead_user):
        case = closed_without_follow_up(hr=hr_user)
        case_set_legal_hold(case=reload(case), user=lead_user, on=True, reason="Klacht ingediend")
        with pytest.raises(CaseNotPurgeable):
            case_purge(case=case, today=first_purge_day(case), ran_by=RAN_BY)
        assert Case.objects.filter(pk=case.pk).exists()

    def test_a_case_is_kept_on_the_last_day_of_its_period_and_purged_the_day_after(self, hr_user):
        case = closed_without_follow_up(hr=hr_user)
        closed_on = timezone.localdate(case.closed_at)
        last_day = first_purge_day(case) - datetime.timedelta(days=1)
        assert last_day == closed_on + relativedelta(years=2)  # the placeholder for no follow-up
        retention_apply(today=last_day, ran_by=RAN_BY)
        assert Case.objects.filter(pk=case.pk).exists()
        retention_apply(today=first_purge_day(case), ran_by=RAN_BY)
        assert not Case.objects.filter(pk=case.pk).exists()

    def test_an_open_case_is_never_purged(self, hr_user):
        case = steps.case_take_in_triage(case=submitted_case(), user=hr_user)
        retention_apply(today=datetime.date(2100, 1, 1), ran_by=RAN_BY)
        assert Case.objects.filter(pk=case.pk).exists()

    def test_a_case_whose_outcome_has_no_period_is_kept(self, hr_user):
        case = closed_without_follow_up(hr=hr_user)
        RetentionPolicy.objects.filter(outcome=Case.Outcome.NO_FOLLOW_UP).delete()
        result = retention_apply(today=datetime.date(2100, 1, 1), ran_by=RAN_BY)
        assert Case.objects.filter(pk=case.pk).exists()
        assert [d.case.pk for d in result.with_verdict(Verdict.KEEP_NO_POLICY)] == [case.pk]


class TestApplyRetentionCommand:
    def run(self, *args) -> str:
        out = io.StringIO()
        call_command("apply_retention", *args, stdout=out)
        return out.getvalue()

    def test_dry_run_lists_what_it_would_purge_and_changes_nothing(self, full_case):
        before, files = rows_of(full_case.pk, full_case.incident_id), stored_files(full_case)
        day = first_purge_day(full_case)
        output = self.run("--dry-run", "--today", day.isoformat())
        closed_on = timezone.localdate(full_case.closed_at)
        assert (f"{full_case.reference}  sanction  closed {closed_on:%Y-%m-%d}  period 10 years  "
                f"-> would purge") in output
        assert "1 case(s) would be purged" in output
        assert rows_of(full_case.pk, full_case.incident_id) == before
        assert all(path.exists() for path in files)
        assert not RetentionLog.objects.exists()

    def test_run_purges_expired_cases_and_lists_those_on_legal_hold(
            self, hr_user, lead_user, django_capture_on_commit_callbacks):
        expired, held = closed_without_follow_up(hr=hr_user), closed_without_follow_up(hr=hr_user)
        case_set_legal_hold(case=held, user=lead_user, on=True, reason="Lopend geschil")
        with django_capture_on_commit_callbacks(execute=True):
            output = self.run("--today", first_purge_day(held).isoformat())
        assert f"{expired.reference}  no_follow_up" in output and "-> purged" in output
        assert f"{held.reference}  no_follow_up" in output and "-> kept: legal hold" in output
        assert list(RetentionLog.objects.values_list("reference", flat=True)) == [expired.reference]
        assert list(RetentionLog.objects.values_list("ran_by", flat=True)) == [
            "manage.py apply_retention"]
        assert Case.objects.filter(pk=held.pk).exists()

    def test_a_case_within_its_period_is_not_listed_but_counted(self, hr_user):
        case = closed_without_follow_up(hr=hr_user)
        output = self.run("--today", timezone.localdate(case.closed_at).isoformat())
        assert case.reference not in output
        assert "0 case(s) purged, 1 closed case(s) still within their period." in output

    def test_a_case_something_still_protects_is_kept_whole_and_the_run_fails_loudly(
            self, hr_user, monkeypatch):
        blocked = closed_without_follow_up(hr=hr_user)
        expired = closed_without_follow_up(hr=hr_user)
        real_purge = services.purge_case_rows

        def purge_unless_blocked(case):
            rows = real_purge(case)
            if case.pk == blocked.pk:
                raise ProtectedError("A new kind of record still points at this case.", set())
            return rows

        monkeypatch.setattr(services, "purge_case_rows", purge_unless_blocked)
        out = io.StringIO()
        with pytest.raises(CommandError, match="1 case"):
            call_command("apply_retention", "--today", first_purge_day(expired).isoformat(),
                         stdout=out)
        assert f"{blocked.reference}  no_follow_up" in out.getvalue()
        assert "NOT purged: A new kind of record" in out.getvalue()
        assert rows_of(blocked.pk, blocked.incident_id)["CaseEvent"] > 0, "rolled back whole"
        assert not Case.objects.filter(pk=expired.pk).exists()
        assert list(RetentionLog.objects.values_list("reference", flat=True)) == [expired.reference]

    def test_today_must_be_a_date(self):
        with pytest.raises(CommandError, match="YYYY-MM-DD"):
            self.run("--today", "25/11/2026")
