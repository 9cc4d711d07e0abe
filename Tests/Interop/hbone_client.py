"""An HBONE client written with Python's h2 package (not our code): mutual TLS 1.3 with ALPN h2,
then an HTTP/2 request on one stream. Prints the response status and, for CONNECT, the bytes
echoed back through the tunnel.

usage: hbone_client.py HOST PORT CERT KEY ROOT METHOD AUTHORITY PAYLOAD
"""
import socket
import ssl
import sys

import h2.config
import h2.connection
import h2.events

host, port, cert, key, root, method, authority, payload = sys.argv[1:9]

context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context.minimum_version = ssl.TLSVersion.TLSv1_3
context.load_cert_chain(cert, key)
context.load_verify_locations(root)
context.check_hostname = False  # HBONE peers have SPIFFE identities, not hostnames
context.set_alpn_protocols(["h2"])

raw = socket.create_connection((host, int(port)), timeout=10)
tls = context.wrap_socket(raw)
assert tls.selected_alpn_protocol() == "h2", tls.selected_alpn_protocol()

conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=True))
conn.initiate_connection()
headers = [(":method", method), (":authority", authority)]
if method != "CONNECT":
    headers += [(":scheme", "https"), (":path", "/")]
stream = conn.get_next_available_stream_id()
conn.send_headers(stream, headers, end_stream=(method != "CONNECT"))
tls.sendall(conn.data_to_send())

status = None
body = b""
sent = False
done = False
while not done:
    data = tls.recv(65536)
    if not data:
        break
    for event in conn.receive_data(data):
        if isinstance(event, h2.events.ResponseReceived):
            status = dict(event.headers)[b":status"].decode()
            if status == "200" and not sent:
                conn.send_data(stream, payload.encode(), end_stream=True)
                sent = True
        elif isinstance(event, h2.events.DataReceived):
            body += event.data
            conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
        elif isinstance(event, (h2.events.StreamEnded, h2.events.StreamReset)):
            done = True
    tls.sendall(conn.data_to_send())
print(status, body.decode())
