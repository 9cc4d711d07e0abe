/// The `response_flags` label of `istio_tcp_*` metrics (wire-facts §8): why a connection ended the
/// way it did, so an operator can tell policy denials from unreachable backends from bad peers.
public enum ResponseFlags: String, Sendable, CaseIterable {
  case none = "-"
  case denied = "DENY"
  case connectFailed = "CONNECT"
  case tlsFailure = "TLS_FAILURE"
}
