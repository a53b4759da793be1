"""The provisions of the social media code of conduct (Bijlage 13 of the staff regulations).

The data is a frozen copy inside this migration on purpose: a migration must produce the same rows
whenever it runs, also after a later version of the code has been added elsewhere. A new version of
the code gets its own migration with its own CodeVersion; these rows are never edited, because
reports and cases refer to them as the text that was in force at the time of the facts.

Each row: (article, section, applies_to, Dutch text as written in the code, English translation).
The position of a provision is its order in the code (1, 2, 3, ...).
"""

import datetime

from django.db import migrations

LABEL = "Bijlage 13 — Gedragscode sociale media"
# Placeholder: the date the council adopted Bijlage 13 is still to be confirmed by HR.
ADOPTED_ON = datetime.date(2019, 1, 1)

PROVISIONS = [
    # Art. 4 - Plaats in de organisatie
    ("4", "art4", "both",
     "De officiële communicatie vanuit onze organisatie gebeurt alleen via de officiële "
     "accounts.",
     "Official communication from our organisation takes place only through the official "
     "accounts."),
    # 5.1 Basisprincipes (professioneel en privé)
    ("5.1", "principle", "both",
     "je bent als enige verantwoordelijk voor de inhoud die je post op sociale media",
     "you alone are responsible for the content you post on social media"),
    ("5.1", "principle", "both",
     "realiseer je dat je als personeelslid ook ambassadeur bent van het bestuur",
     "realise that, as a member of staff, you are also an ambassador of the administration"),
    ("5.1", "principle", "both",
     "let op wat je zegt: wat je post op sociale media blijft altijd en wereldwijd terug te vinden "
     "op het internet (ook al heb je de boodschap gewist)",
     "mind what you say: what you post on social media can always be found on the internet, "
     "worldwide (even if you have deleted the message)"),
    ("5.1", "principle", "both",
     "wat je op sociale media deelt met iedereen, is publieke informatie en valt niet onder de "
     "bescherming van de privacywetgeving (ook niet wanneer het buiten de werktijden en/of vanuit "
     "een persoonlijke account gebeurt)",
     "what you share with everyone on social media is public information and is not protected by "
     "privacy legislation (not even when it happens outside working hours and/or from a personal "
     "account)"),
    # 5.2 Belangrijkste do's - bij professionele communicatie
    ("5.2", "do", "professional",
     "volg ook op sociale media altijd de algemene gedragsregels van onze deontologische code",
     "on social media too, always follow the general rules of conduct of our code of ethics"),
    ("5.2", "do", "professional",
     "volg de spelregels van de huisstijl van ons bestuur",
     "follow the rules of our administration's house style"),
    ("5.2", "do", "professional",
     "gebruik een stijlvolle foto om je profiel een gezicht te geven",
     "use a tasteful photo to give your profile a face"),
    ("5.2", "do", "professional",
     "beveilig je account door een veilig paswoord",
     "secure your account with a safe password"),
    ("5.2", "do", "professional",
     "verbind het logo van ons bestuur niet aan ongepaste inhoud",
     "do not associate our administration's logo with inappropriate content"),
    ("5.2", "do", "professional",
     "gebruik sociale media niet alleen voor informatiedeling, maar ook voor interactie en dialoog",
     "use social media not only to share information, but also for interaction and dialogue"),
    ("5.2", "do", "professional",
     "denk na voor je iets online plaatst: zorg voor toegevoegde waarde, wees positief en let op "
     "je taalgebruik",
     "think before you post something online: add value, be positive and mind your language"),
    ("5.2", "do", "professional",
     "respecteer copyright, gebruik geen materiaal van anderen zonder toestemming, maak eventuele "
     "bronnen kenbaar",
     "respect copyright, do not use other people's material without permission, acknowledge any "
     "sources"),
    ("5.2", "do", "professional",
     "geef vergissingen toe en bied zo nodig je excuses aan",
     "admit mistakes and apologise where necessary"),
    ("5.2", "do", "professional",
     "gebruik je privacy-instellingen: selecteer je ‘vrienden’ verstandig, deel niet alles met "
     "iedereen, laat je niet taggen zonder voorafgaande controle, laat niet eender wie toe om "
     "berichten op je tijdlijn te plaatsen, enz.",
     "use your privacy settings: choose your ‘friends’ wisely, do not share everything with "
     "everyone, do not let yourself be tagged without checking first, do not allow just anyone to "
     "post messages on your timeline, etc."),
    ("5.2", "do", "professional",
     "respecteer de privacy van anderen",
     "respect the privacy of others"),
    ("5.2", "do", "professional",
     "spreek met respect over andere mensen, culturen en waarden",
     "speak with respect about other people, cultures and values"),
    ("5.2", "do", "professional",
     "gebruik je gezond verstand, wees eerlijk en correct",
     "use your common sense, be honest and correct"),
    ("5.2", "do", "professional",
     "contacteer de communicatie-ambtenaar bij twijfel of iets past in de professionele "
     "communicatie die je als personeelslid van ons bestuur wilt voeren, of bij twijfel over de "
     "conformiteit van een communicatie met de richtlijnen in deze gedragscode",
     "contact the communication officer when in doubt whether something fits the professional "
     "communication you wish to carry out as a member of staff of our administration, or when in "
     "doubt whether a communication complies with the guidelines in this code of conduct"),
    ("5.2", "do", "professional",
     "kijk de bron en de inhoud van informatie altijd goed na op betrouwbaarheid, integriteit en "
     "correctheid voor je die deelt met anderen",
     "always check the source and content of information carefully for reliability, integrity "
     "and correctness before you share it with others"),
    # 5.2 Belangrijkste do's - bij persoonlijke communicatie
    ("5.2", "do", "personal",
     "gebruik je privacy-instellingen: selecteer je ‘vrienden’ verstandig, deel niet alles met "
     "iedereen, laat je niet taggen zonder voorafgaande controle, laat niet eender wie toe om "
     "berichten op je tijdlijn te plaatsen, enz",
     "use your privacy settings: choose your ‘friends’ wisely, do not share everything with "
     "everyone, do not let yourself be tagged without checking first, do not allow just anyone to "
     "post messages on your timeline, etc."),
    ("5.2", "do", "personal",
     "spreek met respect over andere mensen, culturen en waarden",
     "speak with respect about other people, cultures and values"),
    ("5.2", "do", "personal",
     "vermeld gerust in je biografie waar je werkt en wat je interesses zijn, maar maak duidelijk "
     "dat je je berichten in eigen naam plaatst. Gebruik de ik-vorm",
     "feel free to mention in your biography where you work and what your interests are, but make "
     "clear that you post your messages in your own name. Write in the first person"),
    ("5.2", "do", "personal",
     "gebruik je gezond verstand, wees eerlijk en correct",
     "use your common sense, be honest and correct"),
    ("5.2", "do", "personal",
     "pas je profiel waar nodig aan en verwijder de verwijzingen naar ons bestuur wanneer je niet "
     "langer in dienst bent",
     "adjust your profile where needed and remove the references to our administration when you "
     "are no longer employed by it"),
    # 5.3 Belangrijkste don'ts - the first list has no heading in the code; it is read as the
    # counterpart of the do's "bij professionele communicatie", as the list that follows is headed
    # "bij persoonlijke communicatie".
    ("5.3", "dont", "professional",
     "maak geen accounts aan op naam van de organisatie zonder toestemming van het bestuur",
     "do not create accounts in the name of the organisation without the administration's "
     "permission"),
    ("5.3", "dont", "professional",
     "neem niet deel aan discussiefora zonder goedkeuring van ons bestuur",
     "do not take part in discussion forums without the approval of our administration"),
    ("5.3", "dont", "professional",
     "treed niet op als woordvoerder van ons bestuur. Die verantwoordelijkheid ligt uitsluitend "
     "bij het college/vast bureau.",
     "do not act as a spokesperson for our administration. That responsibility lies solely with "
     "the executive board (college/vast bureau)."),
    ("5.3", "dont", "professional",
     "citeer geen collega’s en gebruik hun materiaal niet zonder toestemming",
     "do not quote colleagues and do not use their material without permission"),
    ("5.3", "dont", "professional",
     "spreek niet slecht over collega- en partnerorganisaties, leden, medewerkers enz.",
     "do not speak ill of fellow and partner organisations, members, staff, etc."),
    ("5.3", "dont", "professional",
     "plaats geen spam",
     "do not post spam"),
    ("5.3", "dont", "professional",
     "reageer niet onmiddellijk op negatieve uitlatingen over ons bestuur, juridische kwesties of "
     "crisissituaties, maar licht je leidinggevende of de communicatieverantwoordelijke in om te "
     "bekijken of een reactie aangewezen is en zo ja, wie hoe reageert.",
     "do not respond straight away to negative statements about our administration, legal "
     "matters or crisis situations, but inform your manager or the person responsible for "
     "communication, to consider whether a response is called for and, if so, who responds and "
     "how."),
    # 5.3 Belangrijkste don'ts - bij persoonlijke communicatie
    ("5.3", "dont", "personal",
     "verspreid geen interne of vertrouwelijke informatie",
     "do not spread internal or confidential information"),
    ("5.3", "dont", "personal",
     "verspreid geen lasterlijke berichten over het bestuur of andere berichten die de organisatie "
     "kunnen schaden",
     "do not spread defamatory messages about the administration or other messages that could "
     "harm the organisation"),
    ("5.3", "dont", "personal",
     "geef geen kritiek op en spreek niet slecht over collega’s, andere medewerkers "
     "(vrijwilligers, jobstudenten), mandatarissen, collega- en partnerorganisaties en "
     "belanghebbenden",
     "do not criticise or speak ill of colleagues, other staff (volunteers, student workers), "
     "elected officials, fellow and partner organisations and stakeholders"),
    ("5.3", "dont", "personal",
     "gebruik nooit de naam of het logo van het bestuur in je profielnaam of –foto",
     "never use the name or the logo of the administration in your profile name or photo"),
    ("5.3", "dont", "personal",
     "treed niet op als woordvoerder van het bestuur",
     "do not act as a spokesperson for the administration"),
]


def add_provisions(apps, schema_editor):
    CodeVersion = apps.get_model("incidents", "CodeVersion")
    Provision = apps.get_model("incidents", "Provision")
    version = CodeVersion.objects.create(label=LABEL, adopted_on=ADOPTED_ON, is_current=True)
    Provision.objects.bulk_create(
        Provision(
            code_version=version, article=article, section=section, applies_to=applies_to,
            text_nl=text_nl, text_en=text_en, position=position,
        )
        for position, (article, section, applies_to, text_nl, text_en)
        in enumerate(PROVISIONS, start=1)
    )


def remove_provisions(apps, schema_editor):
    CodeVersion = apps.get_model("incidents", "CodeVersion")
    Provision = apps.get_model("incidents", "Provision")
    provisions = Provision.objects.filter(code_version__label=LABEL)
    # Deleting a provision would silently drop it from the reports that cite it: refuse instead.
    if provisions.filter(incidents__isnull=False).exists():
        raise RuntimeError(f"Reports cite the provisions of “{LABEL}”; they cannot be removed.")
    provisions.delete()
    CodeVersion.objects.filter(label=LABEL).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("incidents", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_provisions, remove_provisions),
    ]
