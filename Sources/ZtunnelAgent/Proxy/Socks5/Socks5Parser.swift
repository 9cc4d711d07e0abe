import Shared

/// The client side of a SOCKS5 handshake (RFC 1928), parsed without I/O: the ztunnel's 15080
/// listener lets workloads use the mesh without traffic capture (`curl --socks5 ...`), the way
/// Istio's ztunnel offers it. Only "no authentication" and CONNECT are supported: the listener is
/// bound to localhost and identity comes from the client's address, not from SOCKS credentials.
public struct Socks5Parser: Sendable {
  public enum Step: Equatable, Sendable {
    /// More bytes are needed.
    case needMore
    /// Send `reply` to the client and keep parsing.
    case reply([UInt8])
    /// The client asked to connect to `destination`; `consumed` bytes belong to the handshake.
    case connect(Socks5Destination)
    /// Send `reply` (if any) and close: the request cannot be served.
    case fail(reply: [UInt8]?, reason: String)
  }

  private enum State: Sendable { case greeting, request, done }
  private var state = State.greeting

  public init() {}

  /// Consumes a prefix of `buffer` and says what to do; `consumed` is how many bytes were used.
  public mutating func parse(_ buffer: [UInt8]) -> (step: Step, consumed: Int) {
    switch state {
    case .greeting: parseGreeting(buffer)
    case .request: parseRequest(buffer)
    case .done: (.fail(reply: nil, reason: "data after the SOCKS5 handshake was parsed"), 0)
    }
  }

  private mutating func parseGreeting(_ b: [UInt8]) -> (step: Step, consumed: Int) {
    guard b.count >= 2 else { return (.needMore, 0) }
    guard b[0] == 5 else { return (.fail(reply: nil, reason: "not SOCKS5 (version byte \(b[0]))"), 0) }
    let count = Int(b[1])
    guard b.count >= 2 + count else { return (.needMore, 0) }
    guard b[2..<(2 + count)].contains(0) else {
      state = .done
      return (.fail(reply: [5, 0xFF], reason: "client offers no 'no authentication' method"), 2 + count)
    }
    state = .request
    return (.reply([5, 0]), 2 + count)
  }

  private mutating func parseRequest(_ b: [UInt8]) -> (step: Step, consumed: Int) {
    guard b.count >= 4 else { return (.needMore, 0) }
    guard b[0] == 5 else { return (.fail(reply: nil, reason: "SOCKS5 request has version \(b[0])"), 0) }
    guard b[1] == 1 else {
      state = .done
      return (.fail(reply: Self.reply(.commandNotSupported), reason: "only CONNECT is supported (command \(b[1]))"), 0)
    }
    let host: Socks5Destination.Host
    var index = 4
    switch b[3] {
    case 1:
      guard b.count >= index + 4 + 2 else { return (.needMore, 0) }
      guard let ip = try? IPAddress(bytes: b[index..<(index + 4)]) else { return (.needMore, 0) }
      host = .ip(ip)
      index += 4
    case 4:
      guard b.count >= index + 16 + 2 else { return (.needMore, 0) }
      guard let ip = try? IPAddress(bytes: b[index..<(index + 16)]) else { return (.needMore, 0) }
      host = .ip(ip)
      index += 16
    case 3:
      guard b.count >= index + 1 else { return (.needMore, 0) }
      let length = Int(b[index])
      guard b.count >= index + 1 + length + 2 else { return (.needMore, 0) }
      host = .name(String(decoding: b[(index + 1)..<(index + 1 + length)], as: UTF8.self))
      index += 1 + length
    default:
      state = .done
      return (.fail(reply: Self.reply(.addressTypeNotSupported), reason: "address type \(b[3]) is unknown"), 0)
    }
    let port = UInt16(b[index]) << 8 | UInt16(b[index + 1])
    state = .done
    return (.connect(Socks5Destination(host: host, port: port)), index + 2)
  }

  /// RFC 1928 §6 reply codes the listener uses.
  public enum ReplyCode: UInt8, Sendable {
    case succeeded = 0
    case generalFailure = 1
    case notAllowed = 2
    case hostUnreachable = 4
    case connectionRefused = 5
    case commandNotSupported = 7
    case addressTypeNotSupported = 8
  }

  /// A reply with an unspecified bound address (0.0.0.0:0): clients do not use it for CONNECT.
  public static func reply(_ code: ReplyCode) -> [UInt8] { [5, code.rawValue, 0, 1, 0, 0, 0, 0, 0, 0] }
}
