/// The `request_protocol` label of the waypoint's `istio_requests_total` (wire-facts §8): which
/// HTTP version the client spoke inside the tunnel.
public enum RequestProtocol: String, Sendable, CaseIterable {
  case http = "http"
  case grpc = "grpc"
  case tcp = "tcp"
}
