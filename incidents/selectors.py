from django.db.models import Q, QuerySet

from incidents.models import Evidence, Incident


def reports_of(user) -> QuerySet[Incident]:
    return Incident.objects.filter(reporter=user).select_related("employee__department")


def reports_matching(user, query: str) -> QuerySet[Incident]:
    """A manager's own reports whose employee (name, personnel number) or case reference matches."""
    reports = reports_of(user)
    for word in query.split()[:5]:
        reports = reports.filter(
            Q(employee__last_name__icontains=word) | Q(employee__first_name__icontains=word)
            | Q(employee__personnel_number__iexact=word) | Q(case__reference__icontains=word))
    return reports


def evidence_visible_to(user, *, incident_pk: int, evidence_pk: int) -> Evidence | None:
    """Evidence may be opened by the report's author and by whoever may see the case."""
    from workflows.selectors import cases_visible_to

    evidence = (
        Evidence.objects.filter(pk=evidence_pk, incident_id=incident_pk)
        .select_related("incident__case", "incident")
        .first()
    )
    if evidence is None:
        return None
    if evidence.incident.reporter_id == user.pk:
        return evidence
    case = getattr(evidence.incident, "case", None)
    if case is not None and cases_visible_to(user).filter(pk=case.pk).exists():
        return evidence
    return None
