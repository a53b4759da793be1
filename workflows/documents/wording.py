"""The Dutch legal terms the documents use for the values stored in the database.

Letters and decisions are legal acts in Dutch whatever language the user works in, so they do not
go through the interface's translation catalogue: each stored value has its fixed term here.
"""

from workflows.documents.models import IssuedDocument

Kind = IssuedDocument.Kind

TITLES = {
    Kind.INCIDENT_REPORT: "Meldingsformulier inbreuk gedragscode sociale media",
    Kind.CONVOCATION: "Uitnodiging tot het verhoor",
    Kind.HEARING_MINUTES: "Proces-verbaal van verhoor",
    Kind.DISMISSAL_LETTER: "Ontslag om dringende reden",
    Kind.REASON_NOTICE: "Kennisgeving van de dringende reden",
    Kind.DISCIPLINARY_DECISION: "Tuchtbeslissing",
    Kind.PREVENTIVE_SUSPENSION: "Beslissing tot preventieve schorsing",
    Kind.NO_PROSECUTION: "Beslissing tot niet-vervolging",
    Kind.CLOSING_LETTER: "Afsluiting van het dossier zonder gevolg",
    Kind.CASE_FILE: "Volledig dossier",
}

# The disciplinary track summons ("oproeping") rather than invites.
SUMMONS_TITLE = "Oproeping tot het verhoor in de tuchtprocedure"

TERMS = {
    "sanction": {
        "blaam": "blaam",
        "inhouding_salaris": "inhouding van salaris",
        "schorsing": "tuchtschorsing",
        "ontslag": "ontslag",
        "afzetting": "afzetting",
        "terbeschikkingstelling": "terbeschikkingstelling",
        "terugzetting": "terugzetting naar een tijdelijke aanstelling",
    },
    "method": {
        "registered_letter": "aangetekende brief",
        "bailiff": "gerechtsdeurwaardersexploot",
        "hand_delivered": "overhandiging, duplicaat ondertekend door het personeelslid",
        "ordinary_mail": "gewone post",
        "email": "e-mail",
        "courier": "koerier",
        "orally": "mondeling",
    },
    "legal_status": {
        "contractual": "contractueel personeelslid",
        "statutory": "statutair personeelslid",
        "statutory_probation": "statutair personeelslid op proef",
        "education_permanent": "vastbenoemd personeelslid (onderwijs)",
        "education_temporary_indefinite": (
            "tijdelijk personeelslid van doorlopende duur (onderwijs)"
        ),
        "education_temporary_fixed": "tijdelijk personeelslid van bepaalde duur (onderwijs)",
    },
    "entity": {"municipality": "gemeente", "ocmw": "OCMW", "school": "gesubsidieerde school"},
    "platform": {
        "online_network": "online netwerk",
        "microblog": "microblog",
        "file_sharing": "platform voor het delen van bestanden of locaties",
        "blog": "blog",
        "other": "ander platform",
    },
    "account_kind": {
        "official": "officieel account van het bestuur",
        "professional": "professioneel, niet-officieel account",
        "private": "privéaccount",
    },
    "communication": {
        "professional": "professionele communicatie",
        "personal": "persoonlijke communicatie",
    },
    "person_role": {
        "witness": "getuige", "colleague": "andere collega", "external": "externe partij",
    },
    "hearing_outcome": {
        "held": "het verhoor vond plaats",
        "refused": "het personeelslid weigerde gehoord te worden",
        "impossible": "het verhoor was niet mogelijk",
        "did_not_appear": (
            "het personeelslid verscheen niet, hoewel het regelmatig werd opgeroepen; de "
            "tuchtoverheid beslist op grond van het dossier"
        ),
    },
    "evidence_kind": {"file": "bestand", "url": "link"},
    "regime": {
        "contract": "arbeidsovereenkomst (art. 35 Arbeidsovereenkomstenwet)",
        "local_government": "statutair personeel (Decreet over het lokaal bestuur)",
        "education": "gesubsidieerd onderwijs (decreet van 27 maart 1991)",
    },
    "track": {
        "triage": "triage",
        "dismissal": "ontslag om dringende reden",
        "disciplinary": "tuchtprocedure",
    },
    "outcome": {
        "no_follow_up": "afgesloten zonder gevolg",
        "conversation": "informele maatregel: gesprek",
        "written_warning": "informele maatregel: schriftelijke waarschuwing",
        "dismissed": "ontslag om dringende reden",
        "dismissal_with_notice": "ontslag met opzegging",
        "work_rules_sanction": "sanctie volgens het arbeidsreglement",
        "warning": "verwittiging",
        "no_measure": "geen maatregel",
        "not_prosecuted": "geen tuchtvervolging",
        "prosecution_lapsed": "tuchtvervolging vervallen (vermoeden van afstand na de termijn)",
        "proceedings_time_barred": "termijn om de tuchtvordering in te stellen verstreken",
        "sanction": "tuchtstraf",
        "no_sanction": "geen tuchtstraf",
        "sanction_annulled": "tuchtstraf vernietigd in beroep",
    },
    "deadline_state": {
        "running": "loopt", "due_soon": "vervalt binnenkort", "overdue": "verstreken",
        "met": "nageleefd", "late": "laattijdig", "lapsed": "vervallen",
        "cancelled": "niet meer van toepassing", "on_hold": "opgeschort",
    },
    "section": {
        "art4": "art. 4: plaats in de organisatie",
        "principle": "5.1 basisprincipe",
        "do": "5.2 wel doen",
        "dont": "5.3 niet doen",
    },
    "applies_to": {
        "professional": "professionele communicatie",
        "personal": "persoonlijke communicatie",
        "both": "professionele en persoonlijke communicatie",
    },
    "appeal_outcome": {"rejected": "beroep verworpen", "annulled": "tuchtstraf vernietigd"},
}

TERMS["decision"] = {
    **TERMS["outcome"],
    **TERMS["sanction"],
    "dismissal": "ontslag om dringende reden",
    "prosecute": "tuchtvervolging instellen",
    "no_prosecution": "geen tuchtvervolging",
}
TERMS["notification_subject"] = {
    "dismissal": "ontslag",
    "reason": "dringende reden",
    "decision": "tuchtbeslissing",
}
TERMS["state"] = {
    "reported": "gemeld",
    "triage": "in triage",
    "informal_measure": "informele maatregel genomen",
    "dismissal_opened": "ontslagprocedure geopend",
    "dismissal_hearing_scheduled": "verhoor gepland",
    "dismissal_heard": "gehoord, wacht op beslissing",
    "dismissal_decided": "ontslag om dringende reden beslist",
    "dismissal_notified": "ontslag ter kennis gebracht",
    "reason_notified": "dringende reden ter kennis gebracht",
    "other_measure_decided": "andere maatregel beslist",
    "investigation": "tuchtonderzoek loopt",
    "investigation_reported": "onderzoeksverslag ter kennis genomen",
    "prosecution": "tuchtvervolging beslist",
    "summoned": "opgeroepen voor het verhoor",
    "disciplinary_heard": "verhoor geregistreerd, wacht op beslissing",
    "sanction_decided": "beslissing genomen",
    "appeal_window": "beslissing ter kennis gebracht, beroepstermijn loopt",
    "appeal_lodged": "beroep ingesteld",
    "closed": "afgesloten",
}
TERMS["counsel_capacity"] = {
    "lawyer": "advocaat",
    "union": "vakbondsafgevaardigde",
    "other": "vertrouwenspersoon",
}
TERMS["criminal_body"] = {
    "prosecutor": "openbaar ministerie",
    "investigating_judge": "onderzoeksrechter",
    "criminal_court": "strafrechter",
}
TERMS["attachment_kind"] = {
    "written_defence": "schriftelijk verweer",
    "signed_minutes": "ondertekend proces-verbaal van het verhoor",
    "minutes_remarks": "opmerkingen van het personeelslid bij het proces-verbaal",
    "mail_receipt": "ontvangstbewijs van de aangetekende zending",
    "bailiff_writ": "gerechtsdeurwaardersexploot",
    "legal_advice": "extern juridisch advies",
    "medical_or_police": "medisch of politioneel document",
    "other": "ander document",
}

# The law under which each regime's procedure runs, as the letters cite it.
LEGAL_BASIS = {
    "contract": "artikel 35 van de wet van 3 juli 1978 betreffende de arbeidsovereenkomsten",
    "local_government": (
        "artikelen 198 tot 216 van het Decreet over het lokaal bestuur van 22 december 2017 en het "
        "besluit van de Vlaamse Regering van 20 juli 2018"
    ),
    "education": (
        "hoofdstuk IX van het decreet van 27 maart 1991 betreffende de rechtspositie van sommige "
        "personeelsleden van het gesubsidieerd onderwijs"
    ),
}

PERIOD_UNITS = {
    "working_days": ("werkdag", "werkdagen"),
    "calendar_days": ("dag", "dagen"),
    "months": ("maand", "maanden"),
}


def term(group: str, value) -> str:
    """The Dutch term for a stored value; an unknown value is shown as stored."""
    if value in (None, ""):
        return ""
    return TERMS.get(group, {}).get(str(value), str(value))


def period(length: int, unit: str) -> str:
    singular, plural = PERIOD_UNITS.get(unit, (unit, unit))
    return f"{length} {singular if length == 1 else plural}"


def provision_context(provision) -> str:
    """Which part of the code the provision belongs to, as the code itself groups them."""
    if provision.section in ("do", "dont"):
        return f"{term('section', provision.section)}, {term('applies_to', provision.applies_to)}"
    return term("section", provision.section)

# Printed above the address, as the delivery was chosen when the letter was issued (L2).
DELIVERY_MENTIONS = {
    "registered_letter": "AANGETEKEND",
    "bailiff": "Bij gerechtsdeurwaardersexploot",
    "hand_delivered": "Tegen ontvangstbewijs",
    "ordinary_mail": "",
}

# The sanction as the object of "legt u als tuchtstraf … op".
SANCTION_PHRASES = {
    "blaam": "een blaam",
    "inhouding_salaris": "een inhouding van salaris",
    "schorsing": "een tuchtschorsing",
    "ontslag": "het ontslag",
    "afzetting": "de afzetting",
    "terbeschikkingstelling": "de terbeschikkingstelling",
    "terugzetting": "de terugzetting naar een tijdelijke aanstelling",
}

# Where the sanctions a disciplinary authority may impose are listed (L5).
SANCTION_BASIS = {
    "local_government": (
        "de tuchtstraffen van het Decreet over het lokaal bestuur van 22 december 2017 "
        "(artikelen 198 tot 216)"
    ),
    "education": (
        "de tuchtstraffen van hoofdstuk IX van het decreet van 27 maart 1991 betreffende de "
        "rechtspositie van sommige personeelsleden van het gesubsidieerd onderwijs"
    ),
}

FORMS_OF_ADDRESS = {"mevrouw": "mevrouw", "heer": "heer"}


def salutation(employee) -> str:
    """"Geachte mevrouw Peeters" where the form of address is known; never the full name (T9)."""
    form = FORMS_OF_ADDRESS.get(getattr(employee, "form_of_address", ""))
    if form:
        return f"Geachte {form} {employee.last_name}"
    return "Geachte mevrouw, geachte heer"
