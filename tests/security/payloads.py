"""Hostile values, grouped by the kind of form field they are aimed at, and the checks every
answer to them must pass.

Two kinds of input are told apart:
- *refused* input (a null byte, text beyond any sensible length, an impossible or far-off date, an
  unknown choice, a tampered id, a missing field) must get a 4xx or a form error and must leave the
  database exactly as it was;
- *content* (HTML, SQL-looking text, right-to-left and combining Unicode, control characters) is
  text a witness may really have quoted: it may be stored as typed or refused, but never crash a
  page, and it is always escaped where it is shown.
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib.auth import get_user_model

from tests.security.conftest import db_snapshot, snapshot_diff

SCRIPT = "<script>alert(1)</script>"
IMG_ONERROR = "<img src=x onerror=alert(1)>"
OVER_LONG = "x" * 100_001

REFUSED_TEXT = {
    "null byte": "Tekst met een nul\x00byte",
    "over-long text": OVER_LONG,
}
CONTENT_TEXT = {
    "html and script": f'<b onmouseover="alert(1)">vet</b>{SCRIPT}{IMG_ONERROR}',
    "sql, right-to-left, combining and control characters": (
        "'; DROP TABLE workflows_case; -- \" OR 1=1 -- "
        "Bestand \u202egnp.exe\u202c \u200f\u0645\u0631\u062d\u0628\u0627 "
        "Z\u0351\u0352\u0353a\u0300\u0301\u0302\u0303l\u0308g\u0336o "
        "regel\x01\x07\x08\x0b\x0c\x1b[31mrood\x1b[0m\x7f"
    ),
}
# What must never appear unescaped in a page after a content payload was stored.
RAW_MARKERS = (SCRIPT, IMG_ONERROR, 'onmouseover="alert(1)"')
REFUSED_DATES = {
    "31 February": "31/02/2026",
    "year 9999": "9999-12-31",
    "year 0001": "0001-01-01",
}
REFUSED_DATETIMES = {
    "31 February": "2026-02-31T10:00",
    "year 9999": "9999-12-31T10:00",
    "year 0001": "0001-01-01T00:00",
}
REFUSED_TIMES = {"hour 25": "25:61"}
# The unknown choice is markup, so that the error message echoing it is checked for escaping too.
REFUSED_CHOICES = {"unknown choice (markup)": SCRIPT}
REFUSED_PKS = {
    "non-existent pk": "999999999",
    "huge pk": "9" * 30,
}
REFUSED_INTEGERS = {
    "negative number": "-1",
    "huge number": "9" * 30,
    "exponent": "1e3",
}
REFUSED_DECIMALS = {
    "negative number": "-0.1",
    "not a number": "NaN",
    "huge exponent": "1e400",
    "too many decimals": "0.12345",
}


@dataclass(frozen=True)
class Variant:
    label: str
    changes: dict = field(default_factory=dict)
    drops: tuple = ()
    refused: bool = True

    def apply(self, base: dict) -> dict:
        data = {k: v for k, v in base.items() if k not in self.drops}
        data.update(self.changes)
        return data


def _kind_values(form_field) -> dict:
    """The refused values for one field, by its type (the most specific type first)."""
    if isinstance(form_field, forms.ModelMultipleChoiceField | forms.ModelChoiceField):
        return REFUSED_PKS
    if isinstance(form_field, forms.ChoiceField):
        return REFUSED_CHOICES
    if isinstance(form_field, forms.DateTimeField):
        return REFUSED_DATETIMES
    if isinstance(form_field, forms.DateField):
        return REFUSED_DATES
    if isinstance(form_field, forms.TimeField):
        return REFUSED_TIMES
    if isinstance(form_field, forms.DecimalField):
        return REFUSED_DECIMALS
    if isinstance(form_field, forms.IntegerField):
        return REFUSED_INTEGERS
    if isinstance(form_field, forms.CharField):
        return REFUSED_TEXT
    return {}


def field_variants(form, base: dict, *, prefix: str = "", users: dict | None = None) -> list[Variant]:
    """Every hostile variant of `base` for the fields of `form` (a form, or a form class's
    `base_fields` where building the form would query the database), one field at a time.

    Markup goes into every text field (each may be shown somewhere); the other content payloads
    into the first one only, since they test the page and the database, not one field. `users`
    adds tampered ids for the fields that choose a person (e.g. someone outside the group)."""
    variants, content = [], dict(CONTENT_TEXT)
    fields = form.fields if isinstance(form, forms.BaseForm) else form
    for name, form_field in fields.items():
        key = prefix + name
        if isinstance(form_field, forms.BooleanField | forms.FileField | forms.NullBooleanField):
            continue
        variants += [Variant(f"{key}: {label}", {key: value})
                     for label, value in _kind_values(form_field).items()]
        if form_field.required:
            text = isinstance(form_field, forms.CharField)
            variants.append(Variant(f"{key}: blank", {key: "   "}) if text
                            else Variant(f"{key}: missing", drops=(key,)))
        # People who must never get a role: only for fields that choose a person.
        if (isinstance(form_field, forms.ModelChoiceField) and users
                and form_field.queryset.model is get_user_model()):
            variants += [Variant(f"{key}: {label}", {key: str(pk)}) for label, pk in users.items()]
        if isinstance(form_field, forms.CharField) and not isinstance(form_field, forms.URLField):
            variants += [Variant(f"{key}: {label}", {key: value}, refused=False)
                         for label, value in content.items()]
            content = {"html and script": CONTENT_TEXT["html and script"]}
    return variants


def assert_unchanged(before: dict, what: str) -> None:
    diff = snapshot_diff(before, db_snapshot())
    assert not diff, f"{what} changed the database:\n" + "\n".join(diff)


def assert_refused(response, before: dict, what: str) -> None:
    assert 400 <= response.status_code < 500, (
        f"{what}: expected a 4xx answer, got {response.status_code}")
    assert_unchanged(before, what)
    assert_no_raw_markup(response, what)


def assert_no_raw_markup(response, what: str) -> None:
    if response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        leaked = [marker for marker in RAW_MARKERS if marker in html]
        assert not leaked, f"{what}: unescaped {leaked} in the page"
