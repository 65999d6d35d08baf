"""Sign a PDF's existing signature field with pyHanko (PAdES B-B, an incremental
update), as a reader that signs would, then validate the signature with pyHanko's own
validation. sign_pades.py IN OUT FIELD. The signer's certificate is made here
(self-signed) and trusted by the validation: what is checked is that our field and file
take a signature that stays intact and valid, not a certificate chain.
"""
import datetime, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from asn1crypto import keys, x509 as asn1_x509
from pyhanko.sign import signers, fields
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko_certvalidator import ValidationContext

from pyhanko import stamp

src, out, field = sys.argv[1:4]
key = ec.generate_private_key(ec.SECP256R1())
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Zoe Test Mentee")])
now = datetime.datetime.now(datetime.timezone.utc)
cert = (
    x509.CertificateBuilder()
    .subject_name(name).issuer_name(name).public_key(key.public_key())
    .serial_number(x509.random_serial_number())
    .not_valid_before(now - datetime.timedelta(days=1))
    .not_valid_after(now + datetime.timedelta(days=30))
    .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
    .sign(key, hashes.SHA256())
)
cert_asn1 = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
key_asn1 = keys.PrivateKeyInfo.load(
    key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
)
signer = signers.SimpleSigner(signing_cert=cert_asn1, signing_key=key_asn1, cert_registry=None)

with open(src, "rb") as f:
    w = IncrementalPdfFileWriter(f)
    # The signature's appearance without text: pyHanko's default text is in a font
    # it does not embed (PDF/UA and PDF/A both refuse that).
    names = [n for n, _, _ in fields.enumerate_sig_fields(w)]
    assert field in names, names
    meta = signers.PdfSignatureMetadata(field_name=field, subfilter=fields.SigSeedSubFilter.PADES)
    with open(out, "wb") as o:
        style = stamp.TextStampStyle(stamp_text="", border_width=0)
        signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(w, output=o)

with open(out, "rb") as f:
    r = PdfFileReader(f)
    sig = r.embedded_signatures[0]
    assert sig.field_name == field, sig.field_name
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[cert_asn1]))
    print(status.pretty_print_details())
    assert status.intact and status.valid and status.trusted, status.summary()
    assert status.coverage.name == "ENTIRE_FILE", status.coverage
