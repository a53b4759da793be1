"""Checking uploaded evidence by its content, never by its name, and storing it safely."""

import hashlib
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image
from PIL.Image import DecompressionBombError, DecompressionBombWarning

# Content type -> file name endings that may carry it.
ALLOWED_TYPES = {
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
    "application/pdf": {".pdf"},
}
# Pillow names a JPEG with extra pictures (as many phone cameras write them) "MPO"; it is a JPEG.
PIL_FORMATS = {
    "PNG": "image/png", "JPEG": "image/jpeg", "MPO": "image/jpeg", "GIF": "image/gif",
    "WEBP": "image/webp",
}
MAX_IMAGE_PIXELS = 60_000_000  # a 60-megapixel screenshot is already far beyond any real one

EMPTY_FILE = _("The file “%(name)s” is empty.")
TOO_LARGE = _("The file “%(name)s” is larger than the limit of %(limit)s.")
FORBIDDEN_TYPE = _(
    "The file “%(name)s” is not an accepted type. Accepted are screenshots (PNG, JPEG, GIF, WebP) "
    "and PDF documents."
)
NAME_MISMATCH = _(
    "The content of “%(name)s” does not match its name: it is a %(detected)s file. Rename it "
    "or export it again."
)
IMAGE_TOO_BIG = _("The image “%(name)s” has too many pixels to be a screenshot.")
# The first bytes of every PDF file (ISO 32000-1, 7.5.2: the header line "%PDF-1.n").
PDF_SIGNATURE = b"%PDF-"
# A letterhead logo is drawn by reportlab, which reads PNG and JPEG.
LOGO_TYPES = {"image/png", "image/jpeg"}
LOGO_MAX_SIZE = 2 * 1024 * 1024
NOT_A_LOGO = _(
    "The logo must be a PNG or JPEG image of at most 2 MB; the content of “%(name)s” is not one."
)


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str
    original_name: str


def _sniff(uploaded) -> str | None:
    """The type the content of the upload shows, if accepted; the file is left at its start."""
    uploaded.seek(0)
    try:
        if uploaded.read(len(PDF_SIGNATURE)) == PDF_SIGNATURE:
            return "application/pdf"
        # Pillow seeks to the start of the file itself before reading it.
        with warnings.catch_warnings():
            warnings.simplefilter("error", DecompressionBombWarning)
            with Image.open(uploaded) as image:
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise ValidationError(IMAGE_TOO_BIG % {"name": uploaded.name})
                image.verify()
                return PIL_FORMATS.get(image.format)
    except (DecompressionBombError, DecompressionBombWarning):
        raise ValidationError(IMAGE_TOO_BIG % {"name": uploaded.name}) from None
    except ValidationError:
        raise
    except Exception:
        return None
    finally:
        uploaded.seek(0)


def validate_logo(uploaded) -> None:
    """A logo is accepted by its content, whatever its name says."""
    name = PurePath(uploaded.name or "").name
    if uploaded.size > LOGO_MAX_SIZE or _sniff(uploaded) not in LOGO_TYPES:
        raise ValidationError(NOT_A_LOGO % {"name": name})


def safe_display_name(name: str) -> str:
    """The uploader's file name, reduced to its last part and stripped of control characters."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in "\x00")
    suffix = PurePath(cleaned).suffix[:10]
    # A long name is shortened in its stem, so the ending that is checked against the content stays.
    if len(cleaned) > 200:
        cleaned = cleaned[: 200 - len(suffix)] + suffix
    return cleaned or "bestand"


def check_upload(uploaded) -> CheckedFile:
    name = safe_display_name(uploaded.name or "")
    limit = settings.EVIDENCE_MAX_BYTES
    if uploaded.size == 0:
        raise ValidationError(EMPTY_FILE % {"name": name})
    if uploaded.size > limit:
        raise ValidationError(TOO_LARGE % {"name": name, "limit": filesizeformat(limit)})
    content_type = _sniff(uploaded)
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(FORBIDDEN_TYPE % {"name": name})
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_TYPES[content_type]:
        detected = content_type.split("/")[1].upper()
        raise ValidationError(NAME_MISMATCH % {"name": name, "detected": detected})
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedFile(content_type, uploaded.size, digest.hexdigest(), name)
