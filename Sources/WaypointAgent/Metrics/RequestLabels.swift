/// The label set of one series of `istio_requests_total` / `istio_request_duration_milliseconds`
/// (wire-facts §8). Missing values are `unknown`, as Istio reports them.
struct RequestLabels: Hashable, Sendable {
  var sourceWorkload = "unknown"
  var sourceNamespace = "unknown"
  var sourcePrincipal = "unknown"
  var sourceApp = "unknown"
  var destinationService = "unknown"
  var destinationWorkload = "unknown"
  var destinationNamespace = "unknown"
  var destinationPrincipal = "unknown"
  var responseCode = 0
  var responseFlags = "-"

  /// Prometheus text for the labels, `reporter="waypoint"` first (Istio's waypoint reporter).
  var rendered: String {
    let pairs: [(String, String)] = [
      ("reporter", "waypoint"), ("source_workload", sourceWorkload),
      ("source_workload_namespace", sourceNamespace), ("source_principal", sourcePrincipal),
      ("source_app", sourceApp), ("destination_service", destinationService),
      ("destination_workload", destinationWorkload), ("destination_workload_namespace", destinationNamespace),
      ("destination_principal", destinationPrincipal), ("request_protocol", "http"),
      ("response_code", String(responseCode)), ("response_flags", responseFlags),
      ("connection_security_policy", "mutual_tls"),
    ]
    return pairs.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
  }

  private static func escape(_ value: String) -> String {
    guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
    return value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      .replacingOccurrences(of: "\n", with: "\\n")
  }
}
