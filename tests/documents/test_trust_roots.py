"""A signed copy's signer is trusted only when its certificate chains to a root the organisation
configured (DOCUMENT_TRUST_ROOTS, e.g. the Belgian eID root CAs); otherwise the page says "valid
signature, signer not trusted". Chains are made here with a throw-away root CA."""

import datetime
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from tests.documents.conftest import LETTER_DELIVERY
from workflows.documents.apps import check_trust_roots
from workflows.documents.models import IssuedDocument
from workflows.documents.seal import check_signatures
from workflows.documents.services import document_issue

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind
NOW = datetime.datetime.now(datetime.timezone.utc)


def key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def certificate(name, own_key, issuer=None, issuer_key=None, *, ca):
    """A certificate for `own_key`, issued by `issuer` (self-signed without one)."""
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                         x509.NameAttribute(NameOID.COUNTRY_NAME, "BE")])
    usage = dict(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                 data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                 encipher_only=False, decipher_only=False)
    return (x509.CertificateBuilder().subject_name(subject)
            .issuer_name(issuer.subject if issuer else subject).public_key(own_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - datetime.timedelta(days=1))
            .not_valid_after(NOW + datetime.timedelta(days=365))
            .add_extension(x509.KeyUsage(**usage), critical=True)
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .sign(issuer_key or own_key, hashes.SHA256()))


class Chain:
    """A root CA, a "Citizen CA" under it and a citizen's signing certificate under that, as on
    a Belgian eID card."""

    def __init__(self, root_name="Testland Root CA"):
        self.root_key, self.ca_key, self.citizen_key = key(), key(), key()
        self.root = certificate(root_name, self.root_key, ca=True)
        self.ca = certificate("Citizen CA", self.ca_key, self.root, self.root_key, ca=True)
        self.citizen = certificate("Joëlle Van Den Brïel (Signature)", self.citizen_key,
                                   self.ca, self.ca_key, ca=False)

    def pem(self, cert) -> bytes:
        return cert.public_bytes(serialization.Encoding.PEM)

    def sign(self, pdf: bytes, tmp_path) -> bytes:
        """Signed by the citizen; the card's certificate alone travels with the signature."""
        path = tmp_path / "citizen.p12"
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            b"citizen", self.citizen_key, self.citizen, None,
            serialization.BestAvailableEncryption(b"1234")))
        signer = signers.SimpleSigner.load_pkcs12(pfx_file=str(path), passphrase=b"1234")
        meta = signers.PdfSignatureMetadata(field_name="Handtekening")
        return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta,
                                signer=signer).getvalue()


@pytest.fixture
def chain():
    return Chain()


@pytest.fixture
def signed_letter(dismissed_case, hr_user, chain, tmp_path):
    letter = document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER, user=hr_user,
                            delivery=LETTER_DELIVERY)
    with letter.file.open("rb") as handle:
        return letter, chain.sign(handle.read(), tmp_path)


def configure_directory(settings, tmp_path, files: dict[str, bytes]):
    directory = tmp_path / "trust"
    directory.mkdir()
    for name, content in files.items():
        (directory / name).write_bytes(content)
    settings.DOCUMENT_TRUST_ROOTS = str(directory)


def test_a_signer_chaining_to_a_configured_root_is_trusted(settings, tmp_path, chain,
                                                           signed_letter):
    configure_directory(settings, tmp_path, {
        "root.pem": chain.pem(chain.root),
        "citizen-ca.der": chain.ca.public_bytes(serialization.Encoding.DER)})
    (check,) = check_signatures(signed_letter[1])
    assert "Joëlle Van Den Brïel" in check.signer
    assert check.intact and check.trusted


def test_one_pem_bundle_with_root_and_intermediate_works_as_well(settings, tmp_path, chain,
                                                                  signed_letter):
    bundle = tmp_path / "eid-roots.pem"
    bundle.write_bytes(chain.pem(chain.ca) + chain.pem(chain.root))
    settings.DOCUMENT_TRUST_ROOTS = str(bundle)
    (check,) = check_signatures(signed_letter[1])
    assert check.trusted


@pytest.mark.parametrize("configured", ["nothing", "another root", "intermediate only"])
def test_a_signer_outside_the_configured_roots_is_valid_but_not_trusted(
        settings, tmp_path, chain, signed_letter, configured):
    if configured == "another root":
        other = Chain("Elders Root CA")
        files = {"other.pem": other.pem(other.root), "ca.pem": other.pem(other.ca)}
    else:
        files = {"ca.pem": chain.pem(chain.ca)} if configured == "intermediate only" else {}
    configure_directory(settings, tmp_path, files)
    (check,) = check_signatures(signed_letter[1])
    assert check.intact and not check.trusted


def test_the_documents_page_says_who_signed_and_whether_they_are_trusted(
        client, settings, tmp_path, chain, signed_letter, hr_user):
    letter, signed = signed_letter
    client.force_login(hr_user)
    url = reverse("documents:signed_copy", args=[letter.case.reference, letter.pk])
    settings.DOCUMENT_TRUST_ROOTS = ""
    page = client.post(url, {"file": SimpleUploadedFile("g.pdf", signed)},
                       follow=True).content.decode()
    assert "Van Den Brïel (Signature), Country: BE (valid signature, signer not trusted)" in page
    configure_directory(settings, tmp_path, {"root.pem": chain.pem(chain.root),
                                             "ca.pem": chain.pem(chain.ca)})
    page = client.post(url, {"file": SimpleUploadedFile("g.pdf", signed)},
                       follow=True).content.decode()
    assert "Van Den Brïel (Signature), Country: BE (valid signature, signer trusted)" in page
    assert [copy.signatures[0]["trusted"] for copy in letter.signed_copies.all()] == [False, True]


class TestAWrongConfiguration:
    def test_manage_check_warns_about_a_missing_path(self, settings, tmp_path):
        settings.DOCUMENT_TRUST_ROOTS = str(tmp_path / "nowhere")
        (warning,) = check_trust_roots(None)
        assert warning.id == "documents.W001" and "nowhere" in warning.msg

    def test_an_unreadable_file_is_named_and_the_good_roots_still_count(
            self, settings, tmp_path, chain, signed_letter):
        configure_directory(settings, tmp_path, {
            "broken.pem": b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            "root.pem": chain.pem(chain.root), "ca.pem": chain.pem(chain.ca)})
        (warning,) = check_trust_roots(None)
        assert "broken.pem cannot be read" in warning.msg
        (check,) = check_signatures(signed_letter[1])
        assert check.trusted

    def test_a_directory_without_a_root_is_reported(self, settings, tmp_path, chain):
        configure_directory(settings, tmp_path, {"ca.pem": chain.pem(chain.ca)})
        (warning,) = check_trust_roots(None)
        assert "no self-signed root certificate" in warning.msg

    def test_no_configuration_is_no_warning(self, settings):
        settings.DOCUMENT_TRUST_ROOTS = ""
        assert check_trust_roots(None) == []
