#!/usr/bin/env python3
"""An independent CreateCertificate client: Python grpcio + cryptography, with the protobuf
bytes written by hand from Istio's field numbers (wire-facts section 4), so nothing here comes
from this project's .proto files or Swift code.

Prints one JSON object: the issued chain's facts, or the gRPC error (exit status 3)."""
import argparse
import json
import sys

import grpc
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtensionOID


def varint(n: int) -> bytes:
    out = bytearray()
    n &= (1 << 64) - 1
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_bytes(number: int, payload: bytes) -> bytes:
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def field_varint(number: int, value: int) -> bytes:
    return varint(number << 3 | 0) + varint(value)


def encode_request(csr_pem: str, ttl: int, impersonate: str | None) -> bytes:
    msg = field_bytes(1, csr_pem.encode())  # csr = 1
    if ttl:
        msg += field_varint(3, ttl)  # validity_duration = 3
    if impersonate:
        value = field_bytes(3, impersonate.encode())  # google.protobuf.Value.string_value = 3
        entry = field_bytes(1, b"ImpersonatedIdentity") + field_bytes(2, value)  # map entry key=1, value=2
        struct = field_bytes(1, entry)  # Struct.fields = 1
        msg += field_bytes(4, struct)  # metadata = 4
    return msg


def decode_chain(data: bytes) -> list[str]:
    chain, i = [], 0
    while i < len(data):
        key, i = read_varint(data, i)
        number, wire_type = key >> 3, key & 7
        if wire_type == 2:
            length, i = read_varint(data, i)
            if number == 1:  # cert_chain = 1
                chain.append(data[i : i + length].decode())
            i += length
        elif wire_type == 0:
            _, i = read_varint(data, i)
        else:
            raise ValueError(f"unexpected wire type {wire_type}")
    return chain


def read_varint(data: bytes, i: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--root", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--identity", required=True)
    p.add_argument("--impersonate", action="store_true")
    p.add_argument("--ttl", type=int, default=0)
    args = p.parse_args()

    key = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([]))
        .add_extension(x509.SubjectAlternativeName([x509.UniformResourceIdentifier(args.identity)]), critical=True)
        .sign(key, hashes.SHA256())
    )
    csr_pem = csr.public_bytes(serialization.Encoding.PEM).decode()
    root_pem = open(args.root, "rb").read()
    creds = grpc.ssl_channel_credentials(root_certificates=root_pem)
    options = [("grpc.ssl_target_name_override", "istiod.istio-system.svc")]
    with grpc.secure_channel(f"127.0.0.1:{args.port}", creds, options=options) as channel:
        call = channel.unary_unary(
            "/istio.v1.auth.IstioCertificateService/CreateCertificate",
            request_serializer=lambda b: b,
            response_deserializer=lambda b: b,
        )
        try:
            raw = call(
                encode_request(csr_pem, args.ttl, args.identity if args.impersonate else None),
                metadata=[("authorization", f"Bearer {args.token}"), ("clusterid", "Kubernetes")],
                timeout=10,
            )
        except grpc.RpcError as e:
            print(json.dumps({"code": e.code().name, "details": e.details()}))
            return 3
    chain = decode_chain(raw)
    leaf = x509.load_pem_x509_certificate(chain[0].encode())
    sans = leaf.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME)
    same_key = leaf.public_key().public_numbers() == key.public_key().public_numbers()
    issuer = x509.load_pem_x509_certificate(chain[1].encode())
    leaf.verify_directly_issued_by(issuer)  # raises if the signature does not verify
    print(
        json.dumps(
            {
                "chain_len": len(chain),
                "uris": sans.value.get_values_for_type(x509.UniformResourceIdentifier),
                "san_critical": sans.critical,
                "subject": leaf.subject.rfc4514_string(),
                "same_key": same_key,
                "root_matches": chain[-1].strip() in root_pem.decode(),
                "lifetime_seconds": int((leaf.not_valid_after_utc - leaf.not_valid_before_utc).total_seconds()),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
