"""The code of conduct's provisions as reference data (migration incidents 0002)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from incidents.models import CodeVersion, Provision
from tests.factories import IncidentFactory

CODE_LABEL = "Bijlage 13 — Gedragscode sociale media"
CONFIDENTIAL = "verspreid geen interne of vertrouwelijke informatie"

pytestmark = pytest.mark.django_db


@pytest.fixture
def code() -> CodeVersion:
    return CodeVersion.objects.get(label=CODE_LABEL)


def provision(code: CodeVersion, text_nl: str, applies_to: str) -> Provision:
    return code.provisions.get(text_nl=text_nl, applies_to=applies_to)


class TestCodeOfConductProvisions:
    def test_bijlage_13_is_the_current_code_version(self, code):
        assert code.is_current
        assert CodeVersion.objects.filter(is_current=True).get() == code

    @pytest.mark.parametrize(
        ("article", "section", "applies_to", "count"),
        [
            ("4", "art4", "both", 1),  # official communication only through official accounts
            ("5.1", "principle", "both", 4),
            ("5.2", "do", "professional", 15),
            ("5.2", "do", "personal", 5),
            ("5.3", "dont", "professional", 7),
            ("5.3", "dont", "personal", 5),
        ],
    )
    def test_each_list_of_the_code_has_as_many_provisions_as_bullets_in_the_text(
        self, code, article, section, applies_to, count
    ):
        provisions = code.provisions.filter(section=section, applies_to=applies_to)
        assert provisions.count() == count
        assert set(provisions.values_list("article", flat=True)) == {article}

    def test_every_section_is_present_and_nothing_else(self, code):
        sections = set(code.provisions.values_list("section", flat=True))
        assert sections == set(Provision.Section.values)
        assert code.provisions.count() == 37

    def test_positions_number_the_provisions_in_the_order_of_the_text(self, code):
        provisions = list(code.provisions.order_by("position"))
        assert [p.position for p in provisions] == list(range(1, 38))
        assert provisions[0].text_nl == (
            "De officiële communicatie vanuit onze organisatie gebeurt alleen via de officiële "
            "accounts."
        )
        assert provisions[1].text_nl.startswith("je bent als enige verantwoordelijk")
        assert provisions[-1].text_nl == "treed niet op als woordvoerder van het bestuur"

    def test_the_personal_dont_on_confidential_information_applies_to_personal_communication(
        self, code
    ):
        confidential = provision(code, CONFIDENTIAL, "personal")
        assert (confidential.article, confidential.section) == ("5.3", "dont")
        assert confidential.text_en == "do not spread internal or confidential information"

    def test_a_do_repeated_in_both_lists_is_one_provision_per_kind_of_communication(self, code):
        respect = "spreek met respect over andere mensen, culturen en waarden"
        kinds = set(code.provisions.filter(text_nl=respect).values_list("applies_to", flat=True))
        assert kinds == {"professional", "personal"}

    def test_dutch_texts_are_trimmed_bullets_without_the_bullet_sign(self, code):
        for text in code.provisions.values_list("text_nl", flat=True):
            assert text == text.strip()
            assert not text.startswith("·")

    def test_every_provision_has_an_english_translation(self, code):
        for text_nl, text_en in code.provisions.values_list("text_nl", "text_en"):
            assert text_en.strip(), text_nl
            assert text_en != text_nl

    def test_in_dutch_a_provision_reads_as_article_context_and_dutch_text(self, code):
        with translation.override("nl-be"):
            label = str(provision(code, CONFIDENTIAL, "personal"))
            assert label == f"5.3 — {gettext('personal communication')} — {CONFIDENTIAL}"

    def test_in_english_a_provision_reads_in_english(self, code):
        with translation.override("en"):
            assert str(provision(code, CONFIDENTIAL, "personal")) == (
                "5.3 — personal communication — "
                "do not spread internal or confidential information"
            )


class TestCodeVersions:
    def test_a_new_code_version_does_not_change_what_an_earlier_report_cites(self, code):
        cited = provision(code, CONFIDENTIAL, "personal")
        incident = IncidentFactory(provisions=[cited])
        before = list(incident.provisions.values_list("pk", "text_nl", "text_en", "code_version"))

        CodeVersion.objects.filter(pk=code.pk).update(is_current=False)
        version_2 = CodeVersion.objects.create(
            label="Gedragscode sociale media, versie 2", adopted_on=datetime.date(2027, 1, 1),
            is_current=True,
        )
        Provision.objects.create(
            code_version=version_2, article="5.3", section="dont", applies_to="personal",
            text_nl="verspreid geen interne, vertrouwelijke of persoonlijke informatie",
            text_en="do not spread internal, confidential or personal information", position=32,
        )

        incident.refresh_from_db()
        assert list(
            incident.provisions.values_list("pk", "text_nl", "text_en", "code_version")
        ) == before
        assert code.provisions.count() == 37


class TestProvisionAdmin:
    """admin_client is pytest-django's logged-in superuser."""

    def test_a_provision_no_report_cites_can_be_changed(self, code, admin_client):
        free = provision(code, "plaats geen spam", "professional")
        response = admin_client.get(reverse("admin:incidents_provision_change", args=[free.pk]))
        assert response.status_code == 200
        assert response.context["has_change_permission"] is True

    def test_a_provision_a_report_cites_can_be_neither_changed_nor_deleted(
        self, code, admin_client
    ):
        cited = provision(code, CONFIDENTIAL, "personal")
        IncidentFactory(provisions=[cited])

        page = admin_client.get(reverse("admin:incidents_provision_change", args=[cited.pk]))
        assert page.context["has_change_permission"] is False
        change = admin_client.post(
            reverse("admin:incidents_provision_change", args=[cited.pk]),
            {"text_nl": "gewijzigd", "text_en": "changed"},
        )
        delete = admin_client.post(
            reverse("admin:incidents_provision_delete", args=[cited.pk]), {"post": "yes"}
        )

        assert (change.status_code, delete.status_code) == (403, 403)
        cited.refresh_from_db()
        assert cited.text_nl == CONFIDENTIAL

    def test_bulk_delete_refuses_a_selection_with_a_cited_provision(self, code, admin_client):
        cited = provision(code, CONFIDENTIAL, "personal")
        IncidentFactory(provisions=[cited])
        admin_client.post(
            reverse("admin:incidents_provision_changelist"),
            {"action": "delete_selected", "_selected_action": [cited.pk], "post": "yes"},
        )
        assert Provision.objects.filter(pk=cited.pk).exists()
