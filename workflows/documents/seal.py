"""The electronic seal of issued documents (PAdES, with pyHanko), and the check of signatures on
an uploaded signed copy.

When the organisation configures a certificate (a PKCS#12 file: DOCUMENT_SEAL_PKCS12 and
DOCUMENT_SEAL_PASSWORD in the environment), every issued PDF is sealed, so that anyone can check
outside this application, in any PDF reader, that it was not altered. In debug mode without a
configured certificate, the demo certificate that `seed_demo` makes is used if it exists.

A signed copy's signer is "trusted" only when its certificate chains to one of the roots the
organisation configured (DOCUMENT_TRUST_ROOTS: a directory of PEM/DER certificates or one PEM
bundle, e.g. the Belgian eID root CAs; docs/deployment.md). Without them a signature can still be
intact: "valid signature, signer not trusted".
"""

import datetime
import io
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

logger = logging.getLogger(__name__)

SEAL_FIELD = "Zegel"
DEMO_PKCS12 = Path(settings.BASE_DIR) / "var" / "demo-seal.p12"
DEMO_PASSWORD = "Tucht-Demo-2026"
CERTIFICATE_SUFFIXES = {".pem", ".crt", ".cer", ".der"}


def seal_certificate() -> tuple[str, str] | None:
    """(path, password) of the configured certificate, or None when documents are not sealed."""
    path = getattr(settings, "DOCUMENT_SEAL_PKCS12", "")
    if path:
        return path, getattr(settings, "DOCUMENT_SEAL_PASSWORD", "")
    if settings.DEBUG and DEMO_PKCS12.is_file():
        return str(DEMO_PKCS12), DEMO_PASSWORD
    return None


@lru_cache(maxsize=4)
def _signer(path: str, password: str) -> signers.SimpleSigner:
    signer = signers.SimpleSigner.load_pkcs12(pfx_file=path, passphrase=password.encode())
    if signer is None:
        raise ValueError(f"The seal certificate {path} cannot be read with its password.")
    return signer


def seal(pdf: bytes, issued_at: datetime.datetime) -> bytes:
    """The PDF with a PAdES seal of the organisation, or unchanged when none is configured."""
    certificate = seal_certificate()
    if certificate is None:
        return pdf
    meta = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason="Elektronisch zegel: dit document werd niet gewijzigd sinds het uitgegeven werd",
        location=getattr(settings, "ORGANISATION", {}).get("name", ""),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    _invisible_seal_field(writer)
    output = signers.sign_pdf(writer, meta, signer=_signer(*certificate))
    return output.getvalue()


def _invisible_seal_field(writer: IncrementalPdfFileWriter) -> None:
    """The seal's field, invisible (no size) and yet with an appearance, empty: PDF/A-1 asks one
    of every widget (ISO 19005-1 6.5.3), and pyHanko gives none to a field of no size."""
    fields.append_signature_field(writer, fields.SigFieldSpec(SEAL_FIELD))
    (field,) = [reference.get_object() for field_name, _value, reference
                in fields.enumerate_sig_fields(writer) if field_name == SEAL_FIELD]
    name = generic.pdf_name
    empty = generic.StreamObject({
        name("/Type"): name("/XObject"), name("/Subtype"): name("/Form"),
        name("/BBox"): generic.ArrayObject([generic.NumberObject(0)] * 4)}, stream_data=b"")
    field[name("/AP")] = generic.DictionaryObject({name("/N"): writer.add_object(empty)})


@dataclass(frozen=True)
class SignatureCheck:
    """One signature found in a PDF, as a reader of the case needs it."""

    field: str
    signer: str
    signed_at: datetime.datetime | None
    intact: bool          # the signed bytes were not changed after signing
    trusted: bool         # the signer's certificate chains to a trusted root
    covers_whole_file: bool

    @property
    def valid(self) -> bool:
        return self.intact


def _certificate_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(file for file in path.iterdir()
                      if file.is_file() and file.suffix.lower() in CERTIFICATE_SUFFIXES)
    return [path] if path.is_file() else []


def _read_certificates(configured: str) -> tuple[list, list, list[str]]:
    """(roots, intermediates, problems) of a DOCUMENT_TRUST_ROOTS value. A self-signed
    certificate is a root; any other one (e.g. an eID "Citizen CA") only helps to build the chain
    to a root. A file that cannot be read is named in the problems and left out."""
    roots, intermediates, problems = [], [], []
    files = _certificate_files(Path(configured))
    if not files:
        problems.append(f"{configured} is not a certificate file or a directory holding one")
    for file in files:
        try:
            certificates = list(load_certs_from_pemder_data(file.read_bytes()))
        except (OSError, ValueError) as error:
            problems.append(f"{file} cannot be read as a PEM or DER certificate ({error})")
            continue
        for certificate in certificates:
            is_root = certificate.self_signed == "maybe"
            (roots if is_root else intermediates).append(certificate)
    if files and not roots:
        problems.append(f"{configured} holds no self-signed root certificate")
    return roots, intermediates, problems


def trust_root_problems() -> list[str]:
    """What is wrong with the configured trust roots (shown by `manage.py check`)."""
    configured = getattr(settings, "DOCUMENT_TRUST_ROOTS", "")
    return _read_certificates(configured)[2] if configured else []


def configured_certificates() -> tuple[list, list]:
    """(roots, intermediates) read from DOCUMENT_TRUST_ROOTS; none when it is not set."""
    configured = getattr(settings, "DOCUMENT_TRUST_ROOTS", "")
    if not configured:
        return [], []
    roots, intermediates, problems = _read_certificates(configured)
    for problem in problems:
        logger.warning("DOCUMENT_TRUST_ROOTS: %s", problem)
    return roots, intermediates


def check_signatures(pdf: bytes, trust_roots: list | None = None) -> list[SignatureCheck]:
    """Every signature of the PDF, validated offline: integrity always, trust against
    `trust_roots`, by default the configured roots (none configured: nobody is trusted)."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    roots, intermediates = configured_certificates() if trust_roots is None else (trust_roots, [])
    context = ValidationContext(trust_roots=roots, other_certs=intermediates,
                                allow_fetching=False)
    checks = []
    for embedded in reader.embedded_signatures:
        status = validate_pdf_signature(embedded, signer_validation_context=context)
        checks.append(SignatureCheck(
            field=embedded.field_name,
            signer=status.signing_cert.subject.human_friendly,
            signed_at=status.signer_reported_dt,
            intact=bool(status.intact and status.valid),
            trusted=bool(status.trusted),
            covers_whole_file=status.coverage.name == "ENTIRE_FILE",
        ))
    return checks


def make_demo_certificate(path: Path | None = None, password: str = DEMO_PASSWORD,
                          name: str = "Gemeente Voorbeeld (demozegel)") -> Path:
    """A self-signed seal certificate for demonstrations and tests, never for real letters."""
    path = path or DEMO_PKCS12
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                         x509.NameAttribute(NameOID.COUNTRY_NAME, "BE")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3 * 365))
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        name.encode(), key, certificate, None,
        serialization.BestAvailableEncryption(password.encode())))
    _signer.cache_clear()
    return path
