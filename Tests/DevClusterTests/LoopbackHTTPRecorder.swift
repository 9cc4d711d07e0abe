import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A stand-in for an HTTP server in a pod: listens on 127.0.0.1 (an ephemeral port), answers
/// every request with one fixed raw reply, and keeps what it read, byte for byte, so tests see
/// exactly what the proxy sent. Plain POSIX sockets on a thread: the test target has no NIO.
final class LoopbackHTTPRecorder: Sendable {
  struct Request: Sendable {
    /// `GET /hello?x=1 HTTP/1.1`
    var requestLine: String
    /// Names lower-cased; a repeated header's values joined with `, `.
    var headers: [String: String]
    var body: String
  }

  let port: Int
  private let listener: Int32
  private let reply: [UInt8]
  private let received = Mutex<[Request]>([])

  /// `headers` go out as written (names included), then `Content-Length` and `Connection: close`.
  init(status: String = "200 OK", headers: [(String, String)] = [], body: String = "") throws {
    var text = "HTTP/1.1 \(status)\r\n"
    for (name, value) in headers { text += "\(name): \(value)\r\n" }
    text += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
    reply = Array(text.utf8)
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard listener >= 0 else { throw ToolFailureReport("socket: errno \(errno)") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
        bind(listener, raw, length) == 0 && listen(listener, 16) == 0 && getsockname(listener, raw, &length) == 0
      }
    }
    guard bound else {
      close(listener)
      throw ToolFailureReport("binding 127.0.0.1:0 for the test pod server: errno \(errno)")
    }
    self.listener = listener
    port = Int(UInt16(bigEndian: address.sin_port))
    Thread.detachNewThread { [self] in acceptLoop() }
  }

  var requests: [Request] { received.withLock { $0 } }

  /// Ends the accept loop (a shut-down listener fails `accept`).
  func stop() {
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
  }

  private func acceptLoop() {
    while true {
      let connection = accept(listener, nil, nil)
      guard connection >= 0 else { return }
      var timeout = timeval(tv_sec: 5, tv_usec: 0)
      setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
      if let request = read(connection) { received.withLock { $0.append(request) } }
      _ = reply.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      close(connection)
    }
  }

  /// One request: the head up to the blank line, then `Content-Length` bytes of body.
  private func read(_ connection: Int32) -> Request? {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    var headEnd: Int?
    var bodyLength = 0
    while headEnd.map({ bytes.count < $0 + bodyLength }) ?? true {
      let count = recv(connection, &chunk, chunk.count, 0)
      guard count > 0 else { return nil }
      bytes += chunk[..<count]
      if headEnd == nil, let end = Self.find([13, 10, 13, 10], in: bytes) {
        headEnd = end + 4
        let head = String(decoding: bytes[..<end], as: UTF8.self)
        bodyLength =
          head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
          .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
      }
    }
    guard let headEnd else { return nil }
    let lines = String(decoding: bytes[..<(headEnd - 4)], as: UTF8.self).components(separatedBy: "\r\n")
    var headers: [String: String] = [:]
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let name = line[..<colon].lowercased()
      let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      headers[name] = headers[name].map { "\($0), \(value)" } ?? value
    }
    return Request(
      requestLine: lines.first ?? "", headers: headers, body: String(decoding: bytes[headEnd...], as: UTF8.self))
  }

  private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count)
    where haystack[start..<(start + needle.count)].elementsEqual(needle) {
      return start
    }
    return nil
  }
}
