/// Why one attempt to a backend produced no response.
enum UpstreamFailure: Error, Sendable, Hashable {
  /// No endpoint could be chosen (none healthy, none exposing the port): Envoy's 503 `UH`.
  case noHealthyEndpoint(String)
  /// The tunnel or TCP connection could not be opened: 503 `UF`.
  case connectFailure(String)
  /// The connection ended before a complete response: 503 `UC`.
  case reset
  /// The attempt took longer than its per-try timeout: 504 `UT`.
  case perTryTimeout
  /// The response body exceeded the waypoint's limit: 502.
  case responseTooLarge

  var outcome: UpstreamOutcome {
    switch self {
    case .noHealthyEndpoint, .connectFailure: .connectFailure
    case .reset, .responseTooLarge: .reset
    case .perTryTimeout: .perTryTimeout
    }
  }
}
