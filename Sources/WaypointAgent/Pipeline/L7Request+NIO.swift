import NIOHTTP1
import Shared

extension L7Request {
  /// Builds the request from a parsed HTTP/1.1 head (HTTP/2 streams arrive here through NIO's
  /// HTTP/2-to-HTTP/1 codec, which turns `:authority` into `Host`). An absolute-form target
  /// (`http://host/path`) is reduced to origin form and its authority wins over `Host`, as
  /// RFC 9112 §3.2.2 requires.
  public init(
    head: HTTPRequestHead, scheme: String = "http", sourceIP: IPAddress?, sourceIdentity: SpiffeIdentity?,
    destinationIP: IPAddress?, destinationPort: Int
  ) {
    var target = head.uri
    var authority = head.headers.first(name: "host") ?? ""
    if let range = target.range(of: "://"), !target.hasPrefix("/") {
      let rest = target[range.upperBound...]
      let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
      authority = String(rest[..<slash])
      let remainder = rest[slash...]
      target = remainder.hasPrefix("/") ? String(remainder) : "/" + remainder
    }
    self.init(
      method: head.method.rawValue, target: target, authority: authority, scheme: scheme,
      headers: L7Headers(head.headers.map { ($0.name, $0.value) }), sourceIP: sourceIP,
      sourceIdentity: sourceIdentity, destinationIP: destinationIP, destinationPort: destinationPort)
  }
}
