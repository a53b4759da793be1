"""Writes of the second factor: enrolling an authenticator app, checking a code, recovery codes.

django-otp keeps the secrets and refuses a TOTP code already used (``last_t``) and throttles each
device after a wrong code (1, 2, 4, 8... seconds, kept on the device across logins).
"""

from base64 import b32encode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

WRONG_CODE = _("This code is not valid. Type the 6 digits your app shows now, or one of your "
               "unused recovery codes.")
WAIT_BEFORE_RETRY = _("Too many wrong codes in a row. Wait a minute, then try again.")
TOTP_DIGITS = 6  # django-otp's default, what every authenticator app shows
APP_DEVICE_NAME = "authenticator app"
RECOVERY_DEVICE_NAME = "recovery codes"
APP_QR_TITLE = _("QR code to scan with your authenticator app")


def normalised(code: str) -> str:
    """Apps show '123 456'; recovery codes are printed in lower case: accept both as typed."""
    return "".join(code.split()).lower()


def totp_secret(device: TOTPDevice) -> str:
    return secret_as_text(device.bin_key)


def secret_as_text(key: bytes) -> str:
    """A secret as authenticator apps ask for it when typed in: base32, in groups of four."""
    text = b32encode(key).decode()
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def totp_device_start(*, user) -> TOTPDevice:
    """The unconfirmed device of an enrolment, created once: reloading the page keeps the secret
    that may already be in the user's app."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def totp_device_confirm(*, user, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the app with its first code; returns the recovery codes, to be shown once."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        accepted = device.verify_token(normalised(code))
        if accepted:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    if not accepted:
        raise ValidationError(WRONG_CODE, code="wrong_code")
    return recovery_codes_regenerate(user=user)


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    """New single-use recovery codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.OTP_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_verify(*, user, code: str) -> Device:
    """The device that accepts ``code``: the app for digits, the recovery codes otherwise (a
    recovery code is deleted when used). Raises ValidationError for a wrong or replayed code."""
    code = normalised(code)
    # App codes are 6 digits; recovery codes 8 base32 characters (which may, rarely, all be digits).
    model = TOTPDevice if code.isdigit() and len(code) == TOTP_DIGITS else StaticDevice
    # Committed even when the code is wrong: the device's throttle counts the failure.
    with transaction.atomic():
        devices = list(model.objects.devices_for_user(user, confirmed=True).select_for_update())
        if devices and not any(device.verify_is_allowed()[0] for device in devices):
            raise ValidationError(WAIT_BEFORE_RETRY, code="throttled")
        accepted = next((device for device in devices if device.verify_token(code)), None)
    if accepted is None:
        raise ValidationError(WRONG_CODE, code="wrong_code")
    return accepted


def has_authenticator_app(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
