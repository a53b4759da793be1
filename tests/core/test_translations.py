"""The Dutch catalogue is complete and the committed .mo matches the .po (no stale compile)."""

import gettext
import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale/nl/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")


def entries():
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        msgid = "".join(re.findall(r'^(?:msgid )?"(.*)"$', block.split("msgid_plural")[0]
                                   .split("msgstr")[0].split("msgid ", 1)[-1], re.M))
        msgstrs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"\n((?:".*"\n?)*)', block + "\n", re.M)
        yield block, msgid, ["".join([first] + re.findall(r'"(.*)"', rest)) for first, rest in msgstrs]


def test_every_message_is_translated_and_none_is_fuzzy():
    problems = [msgid for block, msgid, strs in entries()
                if "#, fuzzy" in block or not all(strs)]
    assert problems == []


def test_compiled_catalogue_matches_the_source():
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for block, msgid, strs in entries():
        if "msgid_plural" in block or "msgctxt" in block:
            continue
        text = msgid.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        expected = strs[0].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        if compiled.gettext(text) != expected:
            stale.append(msgid)
    assert stale == []


def test_no_blocktranslate_applies_a_filter_inside_its_text():
    """Inside {% blocktranslate %} a variable is looked up by its whole text: `{{ source|f }}`
    finds nothing and prints an empty string. Filters belong in its `with` clause."""
    block = re.compile(r"{%\s*blocktranslate\b.*?%}(.*?){%\s*endblocktranslate\s*%}", re.S)
    found = []
    for template in (Path(settings.BASE_DIR) / "templates").rglob("*.html"):
        for body in block.findall(template.read_text(encoding="utf-8")):
            found += [f"{template.name}: {var}" for var in re.findall(r"{{[^}]*\|[^}]*}}", body)]
    assert found == []
