import Foundation
import MeshTestSupport

/// HTTP peers written with Python's standard library (nobody here wrote them): a backend that
/// names itself and fails its first `/flaky` request, and a keep-alive client that goes through
/// ztunnel's SOCKS5 port from a given source address.
enum PythonPeers {
  static let backendScript = """
    import http.server, json, sys, threading
    name, host = sys.argv[1], sys.argv[2]
    hits = {}
    lock = threading.Lock()
    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True
        def log_message(self, *a): pass
        def do_GET(self):
            with lock:
                hits[self.path] = hits.get(self.path, 0) + 1
                n = hits[self.path]
            status = 503 if self.path == "/flaky" and n == 1 else 200
            body = json.dumps({"backend": name, "path": self.path, "hits": n,
                               "headers": {k: v for k, v in self.headers.items()}}).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
    server = http.server.ThreadingHTTPServer((host, 0), H)
    print(server.server_address[1], flush=True)
    server.serve_forever()
    """

  static let clientScript = """
    import http.client, json, socket, struct, sys, time
    proxy, source, host, port, path, count = sys.argv[1:7]
    s = socket.socket()
    s.bind((source, 0))
    s.settimeout(20)
    s.connect(("127.0.0.1", int(proxy)))
    s.sendall(b"\\x05\\x01\\x00")
    assert s.recv(2) == b"\\x05\\x00"
    s.sendall(b"\\x05\\x01\\x00\\x01" + socket.inet_aton(host) + struct.pack(">H", int(port)))
    reply = s.recv(10)
    if reply[1] != 0:
        print(json.dumps({"socks": reply[1]})); sys.exit(0)
    conn = http.client.HTTPConnection(host, int(port), timeout=20)
    conn.sock = s
    out = []
    for _ in range(int(count)):
        start = time.monotonic()
        conn.request("GET", path, headers={"host": "httpbin.apps:80"})
        r = conn.getresponse()
        body = r.read()
        try:
            backend = json.loads(body).get("backend")
            hits = json.loads(body).get("hits")
        except Exception:
            backend, hits = None, None
        out.append({"status": r.status, "backend": backend, "hits": hits,
                    "ms": (time.monotonic() - start) * 1000, "body": body.decode(errors="replace")[:4000]})
    print(json.dumps(out))
    """

  static let rawScript = """
    import socket, struct, sys
    proxy, source, host, port, payload = sys.argv[1:6]
    s = socket.socket()
    s.bind((source, 0))
    s.settimeout(20)
    s.connect(("127.0.0.1", int(proxy)))
    s.sendall(b"\\x05\\x01\\x00")
    assert s.recv(2) == b"\\x05\\x00"
    s.sendall(b"\\x05\\x01\\x00\\x01" + socket.inet_aton(host) + struct.pack(">H", int(port)))
    s.recv(10)
    s.sendall(bytes.fromhex(payload))
    got = b""
    try:
        while b"\\r\\n" not in got:
            chunk = s.recv(4096)
            if not chunk: break
            got += chunk
    except Exception:
        pass
    print(got.split(b"\\r\\n")[0].decode(errors="replace"))
    """

  /// Sends raw bytes through SOCKS5 and returns the first line of what comes back.
  static func raw(socks: Int, source: String, host: String, port: Int, bytes: [UInt8]) async throws -> String {
    let hex = bytes.map { String(format: "%02x", $0) }.joined()
    let output = try await Tool.run(["python3", "-c", rawScript, String(socks), source, host, String(port), hex])
    return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  struct Answer: Decodable {
    var status: Int
    var backend: String?
    var hits: Int?
    var ms: Double
    var body: String
  }

  /// Sends `count` GETs of `path` on one connection through SOCKS5 and returns each answer.
  static func get(
    socks: Int, source: String, host: String, port: Int, path: String, count: Int = 1
  ) async throws -> [Answer] {
    let output = try await Tool.run(
      ["python3", "-c", clientScript, String(socks), source, host, String(port), path, String(count)])
    let data = Data(output.stdout.utf8)
    return try JSONDecoder().decode([Answer].self, from: data)
  }
}

/// A backend process; stopped on `stop()`.
final class PythonBackend: @unchecked Sendable {
  // @unchecked: the process is only started and terminated, from the test's task.
  private let process = Process()
  let port: Int

  init(name: String, host: String) throws {
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", PythonPeers.backendScript, name, host]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var line = Data()
    while true {
      let byte = output.fileHandleForReading.readData(ofLength: 1)
      if byte.isEmpty || byte == Data("\n".utf8) { break }
      line += byte
    }
    guard let port = Int(String(decoding: line, as: UTF8.self)) else {
      process.terminate()
      throw PeerError(message: "backend \(name) did not print its port")
    }
    self.port = port
  }

  func stop() {
    if process.isRunning { process.terminate() }
  }
}

struct PeerError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
