import Shared

/// Weighted choice among a route's backends (Gateway API `backendRefs[].weight`).
///
/// The random source is injected so tests are deterministic; a backend of weight 0 is never
/// chosen; no positive weight at all, or a pick that lands on a backend that does not resolve,
/// is HTTP 500 (Gateway API: requests for an invalid backend must fail, not move elsewhere).
enum BackendPicker {
  enum Choice: Sendable, Hashable {
    case service(key: String, port: Int)
    case failure(reason: String)
  }

  static func pick(
    _ backends: [L7Backend], totalWeight: Int, random: inout some RandomNumberGenerator
  ) -> Choice {
    guard totalWeight > 0 else {
      return .failure(reason: backends.isEmpty ? "the route has no backends" : "every backend has weight 0")
    }
    var point = Int.random(in: 0..<totalWeight, using: &random)
    for backend in backends where backend.weight > 0 {
      if point < backend.weight {
        switch backend {
        case .service(let key, let port, _): return .service(key: key, port: port)
        case .invalid(let reason, _): return .failure(reason: reason)
        }
      }
      point -= backend.weight
    }
    return .failure(reason: "no backend was picked")
  }
}
