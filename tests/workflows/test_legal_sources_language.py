"""Legal sources in the reader's language: Dutch unchanged, English with the act names kept and
glossed, and no Dutch word left untranslated in any source the application ships."""

import re
from html import unescape

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from incidents.models import LegalStatus
from tests import factories
from tests.workflows.conftest import submitted_case
from workflows.diagram import TRACK_MODULES, track_transitions
from workflows.legal_sources import NAMES, gloss_in_english, source_in_language
from workflows.services import steps

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate

# Dutch words that occur (or may occur) in citations: if one of them is left in an English
# rendering outside a kept-and-glossed act name, the glossary misses an entry.
DUTCH_WORDS = {
    "januari", "februari", "maart", "mei", "juni", "juli", "augustus", "oktober",
    "al", "lid", "artikel", "artikelen", "artikelnummer", "hoofdstuk", "hfst", "van", "het", "de",
    "en", "te", "bevestigen", "door", "juridische", "dienst", "naar", "analogie", "met", "tijdens",
    "een", "strafzaak", "strafvervolging", "strafonderzoek", "verlenging", "verlengbaar", "duur",
    "salaris", "behoud", "termijn", "lijst", "uit", "oudere", "regeling", "regel", "op", "over",
    "betreffende", "standaard", "overgenomen", "gezien", "inrichtende", "macht", "hoorplicht",
    "grens", "vijfde", "nettoloon", "voorwaarde", "delegatie", "personeelslid", "personeelsleden",
    "minstens", "gelijke", "graad", "standaardverdeling", "raad", "algemeen", "directeur",
    "onder", "vroegere", "voor", "naburige", "rechtsbeginsel", "toegepast", "tuchtprocedure",
    "preventieve", "schorsing", "tucht", "sommige", "gesubsidieerd", "onderwijs",
    "rechtspositie", "rechtspositieregeling", "gecoördineerde", "wetten", "wet", "oproeping",
    "aanstellende", "overheid", "beroepsbeslissingen", "tuchtonderzoek", "dagen", "kennisname",
    "verslag", "schriftelijke", "kennisgeving", "vermoeden", "afstand", "maanden", "om",
    "tuchtvordering", "stellen", "inzage", "raadsman", "verweer", "verhoor", "memorie",
    "deel", "voorsteller", "niet", "beslisser", "beroepsmogelijkheid", "kamer", "beroep",
    "openbare", "werkgever", "intern", "reglement", "geen", "zware", "fout", "decreet",
    "arbeidsovereenkomsten", "na",
    # The act names themselves: allowed only where kept with their English gloss.
    *(word for name in NAMES for word in re.findall(r"\w+", name.lower())),
}


def shipped_sources() -> set[str]:
    """Every legal source in the database after the migrations, and every track step's."""
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.Field) and field.name == "legal_source":
                found.update(model.objects.values_list("legal_source", flat=True))
    for _title, mixin, _module, _track in TRACK_MODULES:
        found.update(t.custom.get("source", "") for t in track_transitions(mixin))
    return {source for source in found if source}


def unglossed_dutch(english: str) -> set[str]:
    for name, gloss in NAMES.items():
        english = re.sub(re.escape(f"{name} ({gloss})"), " ", english, flags=re.IGNORECASE)
    return {word for word in re.findall(r"\w+", english.lower()) if word in DUTCH_WORDS}


class TestGlossary:
    def test_sources_were_found_in_the_rulebook_and_the_tracks(self):
        sources = shipped_sources()
        assert len(sources) > 40
        assert "art. 35 al. 3 Arbeidsovereenkomstenwet" in sources  # a track step's
        assert "art. 35 al. 3 Arbeidsovereenkomstenwet 3 juli 1978" in sources  # a rule's

    def test_every_shipped_source_reads_in_english_without_an_unglossed_dutch_word(self):
        left = {source: unglossed_dutch(gloss_in_english(source)) for source in shipped_sources()}
        assert {source: words for source, words in left.items() if words} == {}

    def test_a_missing_gloss_is_caught(self):
        # "op" has no entry in the glossary: the check must report it.
        assert unglossed_dutch(gloss_in_english("Wet op de arbeidsongevallen 10 april 1971")) == {
            "op"}

    def test_act_names_are_kept_and_glossed_and_dates_read_in_english(self):
        assert gloss_in_english("art. 35 al. 3 Arbeidsovereenkomstenwet 3 juli 1978") == (
            "art. 35 para. 3 Arbeidsovereenkomstenwet (Employment Contracts Act) of 3 July 1978")
        assert gloss_in_english("artikel 214 van het Decreet over het lokaal bestuur van "
                                "22 december 2017") == (
            "article 214 of the Decreet over het lokaal bestuur (Local Government Decree) of "
            "22 December 2017")

    def test_dutch_reader_sees_the_source_unchanged(self):
        source = "art. 35 al. 3 Arbeidsovereenkomstenwet 3 juli 1978"
        assert source_in_language(source, "nl") == source
        assert source_in_language(source, "en") != source


class TestPages:
    DUTCH = "art. 35 al. 3 Arbeidsovereenkomstenwet 3 juli 1978"
    ENGLISH = ("art. 35 para. 3 Arbeidsovereenkomstenwet (Employment Contracts Act) of "
               "3 July 1978")

    def test_rulebook_page_glosses_the_source_in_english_and_keeps_it_in_dutch(self, legal_user):
        english = factories.english_client()
        english.force_login(legal_user)
        html = unescape(english.get("/rulebook/").content.decode())
        assert self.ENGLISH in html and self.DUTCH not in html
        dutch = factories.english_client()
        dutch.cookies.pop("django_language")
        dutch.force_login(legal_user)
        html = unescape(dutch.get("/rulebook/").content.decode())
        assert self.DUTCH in html and self.ENGLISH not in html

    def test_case_page_glosses_the_deadline_source_in_english_only(self, hr_user):
        case = steps.case_take_in_triage(
            case=submitted_case(status=LegalStatus.STATUTORY), user=hr_user)
        case = steps.case_open_disciplinary(case=case, user=hr_user, knowledge_date=TODAY(),
                                            investigator=factories.legal())
        source = case.deadlines.select_related("rule").first().rule.legal_source
        english = factories.english_client()
        english.force_login(hr_user)
        html = unescape(english.get(case.get_absolute_url()).content.decode())
        assert gloss_in_english(source) != source
        assert gloss_in_english(source) in html and source not in html
        dutch = factories.english_client()
        dutch.cookies.pop("django_language")
        dutch.force_login(hr_user)
        assert source in unescape(dutch.get(case.get_absolute_url()).content.decode())

    def test_help_page_glosses_each_track_steps_source_in_english(self, hr_user):
        english = factories.english_client()
        english.force_login(hr_user)
        html = unescape(english.get("/help/").content.decode())
        assert "art. 35 para. 3 Arbeidsovereenkomstenwet (Employment Contracts Act)" in html
        assert "BVR (Decree of the Flemish Government) of 20 July 2018 (written notice)" in html
        assert "20 juli 2018" not in html
