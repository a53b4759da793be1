"""A user's own choices: how notifications reach them, the daily digest, and the private address
of their hearings calendar."""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.models import DigestEntry, NotificationPreference
from workflows.selectors import visibility_rule

UNKNOWN_DELIVERY = gettext_lazy("Choose how notifications reach you.")


def preference_of(user) -> NotificationPreference:
    """The user's preference, or the default (immediate mail) when they never chose."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(
        user=user)


@transaction.atomic
def preference_update(*, user, delivery: str) -> NotificationPreference:
    if delivery not in NotificationPreference.Delivery.values:
        raise ValidationError({"delivery": UNKNOWN_DELIVERY})
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=user)
    preference.delivery = delivery
    preference.full_clean()
    preference.save()
    return preference


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_renew(*, user) -> str:
    """A new secret for the user's calendar address; the old address stops working at once.
    Only the hash is stored: the secret is returned to be shown this one time."""
    token = secrets.token_urlsafe(32)
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=user)
    preference.calendar_token_hash = token_hash(token)
    preference.calendar_token_made_at = timezone.now()
    preference.save(update_fields=["calendar_token_hash", "calendar_token_made_at"])
    return token


@transaction.atomic
def calendar_token_revoke(*, user) -> None:
    NotificationPreference.objects.filter(user=user).update(
        calendar_token_hash=None, calendar_token_made_at=None)


def digest_entries_shown(user, entries):
    """Only what the user may still see now: a case they can open, or the plain status of a
    report they made themselves (workflows/notifications.py)."""
    return entries.filter(visibility_rule(user, "case__") | Q(case__incident__reporter=user))


@transaction.atomic
def digest_send(*, user) -> int:
    """Send `user` one mail with every held-back notification since the last digest and mark
    them sent, so that a second run sends nothing twice. Returns the number of items mailed."""
    now = timezone.now()
    pending = DigestEntry.objects.select_for_update(of=("self",)).filter(
        user=user, sent_at__isnull=True)
    shown = list(digest_entries_shown(user, pending).select_related("case").order_by(
        "created_at", "pk"))
    pending.update(sent_at=now)
    NotificationPreference.objects.filter(user=user).update(last_digest_at=now)
    if shown and user.is_active and user.email:
        # Inside the transaction: if the mail server refuses, nothing is marked as sent.
        send_mail(subject=digest_subject(len(shown)), message=digest_body(shown), from_email=None,
                  recipient_list=[user.email])
        return len(shown)
    return 0


def digest_subject(count: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Tuchtdossier: your daily digest (%(count)d)") % {"count": count}


def digest_body(entries) -> str:
    parts = [f"{timezone.localtime(entry.created_at):%d/%m/%Y %H:%M} · {entry.subject}\n\n"
             f"{entry.message}"
             for entry in entries]
    return "\n\n---\n\n".join(parts)
