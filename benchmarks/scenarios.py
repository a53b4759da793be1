"""What is timed: the pages HR opens every day and the full case file for legal."""

from django.apps import apps
from django.test import Client


def scenarios(world):
    client = Client()
    client.force_login(world["lead"])

    def get(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        return call

    found = [
        ("case list, first page", get("/cases/")),
        ("case list, search by name", get("/cases/?query=Naam12")),
        ("deadlines dashboard", get("/cases/deadlines/")),
        ("case page of the large case", get(world["large"].get_absolute_url())),
    ]
    if apps.is_installed("workflows.documents"):
        from workflows.documents.services import document_issue

        document_issue(case=world["large"], kind="incident_report", user=world["lead"])
        found.append(("full case file PDF of the large case", lambda: document_issue(
            case=world["large"], kind="case_file", user=world["lead"])))
    return found
