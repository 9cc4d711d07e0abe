/// A `host:port` as users write it on command lines (`127.0.0.1:15012`, `istiod.istio-system.svc:15012`).
public struct HostPort: Hashable, Sendable, CustomStringConvertible {
  public let host: String
  public let port: Int

  public init(host: String, port: Int) {
    self.host = host
    self.port = port
  }

  public init(_ text: String) throws(AddressParseError) {
    guard let colon = text.lastIndex(of: ":"), colon != text.startIndex else {
      throw AddressParseError(input: text, problem: "expected host:port")
    }
    let portText = text[text.index(after: colon)...]
    guard let port = Int(portText), (1...65535).contains(port) else {
      throw AddressParseError(input: text, problem: "port \"\(portText)\" is not 1-65535")
    }
    self.init(host: String(text[..<colon]), port: port)
  }

  public var description: String { "\(host):\(port)" }
}
