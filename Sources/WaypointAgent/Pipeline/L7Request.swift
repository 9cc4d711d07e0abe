import Shared

/// What the waypoint decides on for one HTTP request, independent of NIO so that every decision
/// can be table-tested with plain values.
///
/// The identity and addresses come from the connection, never from headers: the source identity
/// is the peer certificate's (ztunnel presents the client workload's certificate over HBONE),
/// the destination is the HBONE CONNECT authority (the Service VIP and port).
public struct L7Request: Sendable, Hashable {
  public var method: String
  /// Origin-form request target: path plus optional `?query`.
  public var target: String
  /// `Host` / `:authority`, possibly with a port.
  public var authority: String
  /// The scheme the client used inside the tunnel (`http`; redirects keep it unless told otherwise).
  public var scheme: String
  public var headers: L7Headers
  public var sourceIP: IPAddress?
  public var sourceIdentity: SpiffeIdentity?
  public var destinationIP: IPAddress?
  /// The Service port the client addressed.
  public var destinationPort: Int

  public init(
    method: String, target: String, authority: String, scheme: String = "http", headers: L7Headers = L7Headers(),
    sourceIP: IPAddress? = nil, sourceIdentity: SpiffeIdentity? = nil, destinationIP: IPAddress? = nil,
    destinationPort: Int
  ) {
    self.method = method
    self.target = target
    self.authority = authority
    self.scheme = scheme
    self.headers = headers
    self.sourceIP = sourceIP
    self.sourceIdentity = sourceIdentity
    self.destinationIP = destinationIP
    self.destinationPort = destinationPort
  }

  /// The target without its query.
  public var path: Substring {
    if let mark = target.firstIndex(of: "?") { return target[..<mark] }
    return target[...]
  }

  /// The query after `?`, without the `?`; `nil` when there is none.
  public var query: Substring? {
    guard let mark = target.firstIndex(of: "?") else { return nil }
    return target[target.index(after: mark)...]
  }

  /// The authority without a port (`[v6]` brackets kept).
  public var host: Substring { Self.hostPart(of: authority) }

  static func hostPart(of authority: String) -> Substring {
    if authority.hasPrefix("[") {
      if let close = authority.firstIndex(of: "]") { return authority[...close] }
      return authority[...]
    }
    if let colon = authority.lastIndex(of: ":"), authority[authority.index(after: colon)...].allSatisfy(\.isNumber) {
      return authority[..<colon]
    }
    return authority[...]
  }

  /// The first value of query parameter `name`, percent-decoded (Gateway API: only the first
  /// occurrence of a repeated parameter counts).
  public func queryParameter(_ name: String) -> String? {
    guard let query else { return nil }
    for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
      let equals = pair.firstIndex(of: "=")
      let key = equals.map { pair[..<$0] } ?? pair
      guard PercentDecoding.decode(key) == name else { continue }
      return equals.map { PercentDecoding.decode(pair[pair.index(after: $0)...]) } ?? ""
    }
    return nil
  }
}

/// `%XX` decoding for query parameters; malformed escapes are kept as written.
enum PercentDecoding {
  static func decode(_ text: Substring) -> String {
    guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var iterator = Array(text.utf8)[...]
    while let byte = iterator.popFirst() {
      if byte == UInt8(ascii: "%"), iterator.count >= 2, let high = hex(iterator[iterator.startIndex]),
        let low = hex(iterator[iterator.startIndex + 1])
      {
        bytes.append(high << 4 | low)
        iterator = iterator.dropFirst(2)
      } else {
        bytes.append(byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func hex(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
