"""Feeds an HBONE server garbage over valid mutual TLS: random bytes, and random HTTP/2 frames
(random type, flags, stream id and payload) after a proper preface. Seeded, so a failure
reproduces. Prints how many cases ran; the caller checks the server still serves.

usage: hbone_fuzz.py HOST PORT CERT KEY ROOT SEED CASES
"""
import random
import socket
import ssl
import struct
import sys

host, port, cert, key, root, seed, cases = sys.argv[1:8]
rng = random.Random(int(seed))
context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context.load_cert_chain(cert, key)
context.load_verify_locations(root)
context.check_hostname = False
context.set_alpn_protocols(["h2"])

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"


def frame():
    payload = rng.randbytes(rng.choice([0, 1, 8, 9, 64, 300, 17000]))
    kind = rng.randrange(0, 12)
    flags = rng.randrange(0, 256)
    stream = rng.choice([0, 1, 3, rng.randrange(0, 2**31)])
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


ran = 0
for case in range(int(cases)):
    try:
        with socket.create_connection((host, int(port)), timeout=2) as raw:
            with context.wrap_socket(raw) as tls:
                if case % 2 == 0:
                    tls.sendall(rng.randbytes(rng.randrange(1, 4096)))
                else:
                    tls.sendall(PREFACE + struct.pack(">I", 0)[1:] + b"\x04\x00" + struct.pack(">I", 0))
                    for _ in range(rng.randrange(1, 20)):
                        tls.sendall(frame())
                tls.settimeout(0.05)
                try:
                    while tls.recv(65536):
                        pass
                except (socket.timeout, ssl.SSLError, OSError):
                    pass
    except (ssl.SSLError, OSError):
        pass
    ran += 1
print(ran)
