#!/usr/bin/env python3
"""Reference for `make bench-ca`: the same CA job (parse CSR, verify its signature, check the
single URI SAN, build a leaf with the same extensions, ECDSA P-256 sign, PEM-encode) done by
OpenSSL through Python `cryptography`, on one thread. Prints signings per second."""
import datetime
import sys
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID

n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
identity = "spiffe://cluster.local/ns/bench/sa/client"
ca_key = ec.generate_private_key(ec.SECP256R1())
ca_name = x509.Name([x509.NameAttribute(x509.oid.NameOID.ORGANIZATION_NAME, "cluster.local")])
csrs = []
for _ in range(n):
    k = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([]))
        .add_extension(x509.SubjectAlternativeName([x509.UniformResourceIdentifier(identity)]), critical=True)
        .sign(k, hashes.SHA256())
    )
    csrs.append(csr.public_bytes(serialization.Encoding.PEM))

start = time.perf_counter()
for pem in csrs:
    csr = x509.load_pem_x509_csr(pem)
    assert csr.is_signature_valid
    san = csr.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
    uris = san.get_values_for_type(x509.UniformResourceIdentifier)
    assert uris == [identity]
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([]))
        .issuer_name(ca_name)
        .public_key(csr.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=2))
        .not_valid_after(now + datetime.timedelta(hours=24))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, True, False, False, False, False, False, False), critical=True
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName([x509.UniformResourceIdentifier(identity)]), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    cert.public_bytes(serialization.Encoding.PEM)
elapsed = time.perf_counter() - start
print(f"{n / elapsed:.0f}")
