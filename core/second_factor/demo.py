"""The demo accounts' authenticator app (``seed_demo``, debug only): one known key, printed, so
that a newcomer can log in with any authenticator app or with ``manage.py demo_totp_code``."""

from binascii import hexlify

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.second_factor.services import secret_as_text

DEMO_KEY = b"Tuchtdossier-demo-26"  # 20 bytes, the size django-otp generates
DEMO_DEVICE_NAME = "demo authenticator app"


def demo_secret() -> str:
    """The key as typed into an app: base32 in groups of four."""
    return secret_as_text(DEMO_KEY)


def demo_code() -> str:
    return f"{TOTP(DEMO_KEY).token():06d}"


def demo_device_give(*, user) -> TOTPDevice:
    """The demo key as the user's confirmed app; running seed_demo again changes nothing."""
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, name=DEMO_DEVICE_NAME,
        defaults={"key": hexlify(DEMO_KEY).decode(), "confirmed": True})
    return device
