"""A legal source shown in the reader's language.

The rulebook's `legal_source` fields and the tracks' `source` strings are citations written in
Dutch, the language of the law they cite. An English reader gets the same citation with every act
name KEPT in Dutch (so it can still be looked up on codex.vlaanderen.be or ejustice.just.fgov.be)
and glossed in parentheses, and the connecting words translated. Letters and case files (PDF)
stay Dutch and never call this.

English names: the official English titles where the issuing body publishes one (Belgian Federal
Public Service Justice and the Flemish Government's own translations: "Employment Contracts Act",
"Judicial Code", "Constitutional Court", "Council of State", "Local Government Decree"); the
others are descriptive glosses, marked so in the comment next to them.
"""
import re

from django.utils.translation import get_language

# Act and body names: kept in Dutch, followed by their English name in parentheses.
NAMES = {
    "Arbeidsovereenkomstenwet": "Employment Contracts Act",  # FPS Employment, official title
    "Loonbeschermingswet": "Wage Protection Act",  # FPS Employment, official title
    "Decreet Lokaal Bestuur": "Local Government Decree",  # Flemish Government, official title
    "Decreet over het lokaal bestuur": "Local Government Decree",  # idem, full Dutch title
    "DLB": "Local Government Decree",  # abbreviation of the same decree
    "Gemeentedecreet": "Municipalities Decree",  # Flemish Government, decree of 15 July 2005
    "Bestuursdecreet": "Governance Decree",  # Flemish Government, decree of 7 December 2018
    "Decreet rechtspositie gesubsidieerd onderwijs":  # descriptive: no official English title
        "Decree on the legal status of staff in subsidised education",
    "BVR": "Decree of the Flemish Government",  # Besluit van de Vlaamse Regering
    "KB": "Royal Decree",  # Koninklijk Besluit
    "Gerechtelijk Wetboek": "Judicial Code",  # FPS Justice, official title
    "Wetboek van Strafvordering": "Code of Criminal Procedure",  # FPS Justice, official title
    "Voorafgaande Titel": "Preliminary Title",  # FPS Justice, official title
    "Grondwettelijk Hof": "Constitutional Court",  # the Court's own English name
    "Raad van State": "Council of State",  # the Council's own English name
    "RvS": "Council of State",  # abbreviation
    "Vlaams personeelsstatuut": "Flemish Staff Regulations",  # Flemish Government, official
    "Gedragscode sociale media": "Social Media Code of Conduct",  # the employer's own code
    "Gedragscode": "Code of Conduct",  # idem
    "arbeidsreglement": "work rules",  # descriptive (law of 8 April 1965)
    "selectielijst": "retention schedule",  # Flemish archives agency's term
    "vakantiereglementering": "annual holiday regulations",  # descriptive
    "werkloosheidsreglementering": "unemployment regulations",  # descriptive
    "“le criminel tient le civil en état”": "criminal proceedings suspend civil ones",  # maxim
}

# Connecting words and phrases: replaced by their English translation. A longer phrase wins over
# the words it contains.
TERMS = {
    "al.": "para.", "lid": "para.", "artikel": "article", "artikelen": "articles",
    "hoofdstuk": "chapter", "hfst.": "chapter", "memorie": "explanatory memorandum",
    "Deel": "Part", "en": "and", "van": "of", "het": "the", "de": "the", "voor": "for",
    "decreet": "decree", "wet": "Act", "regel": "rule", "regeling": "scheme", "lijst": "list",
    "termijn": "time limit", "oproeping": "summons", "verhoor": "hearing", "tucht": "discipline",
    "naar analogie": "by analogy", "naar analogie met": "by analogy with",
    "te bevestigen": "to be confirmed",
    "te bevestigen door de juridische dienst": "to be confirmed by the legal service",
    "artikelnummer te bevestigen": "article number to be confirmed",
    "artikel te bevestigen": "article to be confirmed",
    "aanstellende overheid": "appointing authority",
    "lijst uit een oudere rechtspositieregeling": "list from an earlier staff regulation",
    "standaard overgenomen van": "default taken from",
    "gezien in beroepsbeslissingen": "seen in appeal decisions",
    "inrichtende macht": "governing body",
    "verlengbaar tijdens een strafzaak": "renewable during a criminal case",
    "duur per verlenging": "length of each renewal",
    "verlenging tijdens een strafzaak": "renewal during a criminal case",
    "behoud van salaris": "keeping the pay",
    "hoorplicht": "duty to hear",
    "hoorplicht openbare werkgever": "a public employer's duty to hear",
    "Rechtsbeginsel": "Legal principle",
    "naar analogie toegepast op de tuchtprocedure van het":
        "applied by analogy to the disciplinary procedure of the",
    "preventieve schorsing tijdens het strafonderzoek":
        "preventive suspension during the criminal investigation",
    "preventieve schorsing tijdens een strafvervolging":
        "preventive suspension during a criminal prosecution",
    "naburige regeling": "neighbouring scheme",
    "grens van een vijfde van het nettoloon": "limit of one fifth of net pay",
    "voorwaarde van strafvervolging": "condition of a criminal prosecution",
    "delegatie aan een personeelslid van minstens gelijke graad":
        "delegation to a staff member of at least equal grade",
    "standaardverdeling raad / algemeen directeur": "default split council / chief executive",
    "vroegere": "former", "onder": "under",
    "gecoördineerde wetten op": "coordinated laws on",
    "betreffende de arbeidsovereenkomsten": "on employment contracts",
    "betreffende de rechtspositie van sommige personeelsleden van het gesubsidieerd onderwijs":
        "on the legal status of certain staff members of subsidised education",
    "tijdelijke personeelsleden van het gesubsidieerd onderwijs":
        "temporary staff members of subsidised education",
    "tuchtonderzoek": "disciplinary investigation",
    "60 dagen na kennisname van het verslag": "60 days after taking note of the report",
    "schriftelijke kennisgeving": "written notice",
    "60 dagen, vermoeden van afstand": "60 days, presumed waiver",
    "termijn van 6 maanden om de tuchtvordering in te stellen":
        "time limit of 6 months to bring disciplinary proceedings",
    "oproeping, inzage, raadsman, verweer": "summons, access to the file, counsel, defence",
    "voorsteller is niet de beslisser": "the proposer is not the decider",
    "beroepsmogelijkheid": "right of appeal",
    "kamer van beroep": "appeal board",
    "intern reglement": "internal rules",
    "geen zware fout": "no serious misconduct",
}

MONTHS = {
    "januari": "January", "februari": "February", "maart": "March", "april": "April",
    "mei": "May", "juni": "June", "juli": "July", "augustus": "August",
    "september": "September", "oktober": "October", "november": "November",
    "december": "December",
}

# "3 juli 1978" becomes "of 3 July 1978"; a preceding "van" is the "of".
_DATE = re.compile(r"(?:\bvan\s+)?\b(\d{1,2}) (%s) (\d{4})\b" % "|".join(MONTHS), re.IGNORECASE)
_LOWER_NAMES = {k.lower(): k for k in NAMES}
_LOWER_TERMS = {k.lower(): v for k, v in TERMS.items()}
_PHRASE = re.compile(
    r"(?<!\w)(%s)(?!\w)" % "|".join(
        re.escape(k) for k in sorted([*NAMES, *TERMS], key=len, reverse=True)),
    re.IGNORECASE)


def _date(match: re.Match) -> str:
    return f"of {match[1]} {MONTHS[match[2].lower()]} {match[3]}"


def _phrase(match: re.Match) -> str:
    found = match[1]
    name = _LOWER_NAMES.get(found.lower())
    if name:
        return f"{found} ({NAMES[name]})"
    return _LOWER_TERMS[found.lower()]


def gloss_in_english(source: str) -> str:
    """The source with its act names kept and glossed and the rest in English."""
    # Dates first, so that "van 3 juli 1978" reads "of 3 July 1978" (no month taken for a term).
    return _PHRASE.sub(_phrase, _DATE.sub(_date, source))


def source_in_language(source: str, language: str | None = None) -> str:
    """A legal source for the reader: unchanged in Dutch, glossed in English."""
    language = language or get_language() or "nl"
    if not source or not language.startswith("en"):
        return source
    return gloss_in_english(str(source))
