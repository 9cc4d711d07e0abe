/// Where a route sends a share of its requests.
public enum L7Backend: Sendable, Hashable {
  /// A Service by its `namespace/hostname` key and port.
  case service(key: String, port: Int, weight: Int)
  /// A backendRef that does not resolve: Gateway API says the requests picked for it get HTTP 500,
  /// so the share is kept (dropping it would silently move its traffic to the other backends).
  case invalid(reason: String, weight: Int)

  public var weight: Int {
    switch self {
    case .service(_, _, let weight), .invalid(_, let weight): weight
    }
  }
}
