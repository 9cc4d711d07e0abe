import Shared

/// What the waypoint knows about one inbound HBONE tunnel, from the connection, never from the
/// requests inside it: the caller's identity (peer certificate), its address (the `forwarded`
/// header the source ztunnel sets; only mesh peers with a certificate can connect), and the
/// Service VIP and port it asked for.
struct TunnelContext: Sendable {
  var serviceKey: String
  var destinationIP: IPAddress
  var destinationPort: Int
  var peerIdentity: SpiffeIdentity
  var sourceIP: IPAddress?

  /// `for="10.0.0.1:4321"` or `for=10.0.0.1` or `for="[fd00::1]:80"` → the IP.
  static func forwardedFor(_ value: String) -> IPAddress? {
    for element in value.split(separator: ";").flatMap({ $0.split(separator: ",") }) {
      let pair = element.split(separator: "=", maxSplits: 1)
      guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "for" else { continue }
      var text = pair[1].trimmingCharacters(in: .whitespaces)
      if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
      if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
        return try? IPAddress(String(text[text.index(after: text.startIndex)..<close]))
      }
      if let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon { text = String(text[..<colon]) }
      return try? IPAddress(text)
    }
    return nil
  }
}
