/// How a waypoint handles a Service port. Istio's ambient waypoints do not sniff protocols: a port
/// is HTTP only when declared so (`appProtocol`, or a name prefix such as `http-`), otherwise TCP.
public enum L7Protocol: String, Sendable, Hashable, CaseIterable {
  case tcp
  case http
  /// HTTP/2 with prior knowledge (h2c, gRPC).
  case http2

  /// Istio's explicit protocol selection: `appProtocol` first, then the port name's prefix before
  /// `-` (https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/).
  public static func declared(appProtocol: String?, portName: String?) -> L7Protocol {
    if let appProtocol, let value = from(appProtocol) { return value }
    if let portName {
      let prefix = portName.split(separator: "-", maxSplits: 1).first.map(String.init) ?? portName
      if let value = from(prefix) { return value }
    }
    return .tcp
  }

  private static func from(_ text: String) -> L7Protocol? {
    switch text.lowercased() {
    case "http", "http1", "http/1.1": .http
    case "http2", "h2c", "grpc", "grpc-web", "kubernetes.io/h2c": .http2
    case "tcp", "tls", "https", "mongo", "mysql", "redis": .tcp
    default: nil
    }
  }
}
