import Shared

/// The label set of Istio's `istio_tcp_*` metrics (wire-facts §8), in Istio's order. A missing
/// value is `unknown`, exactly as Istio reports it, so existing dashboards work unchanged.
public struct MetricLabels: Sendable, Hashable {
  public enum Reporter: String, Sendable, Hashable {
    /// Counted by the ztunnel of the client.
    case source
    /// Counted by the ztunnel of the server.
    case destination
  }

  public static let unknown = "unknown"
  /// Label names in exposition order.
  public static let names = [
    "reporter", "source_workload", "source_workload_namespace", "source_principal", "source_app", "source_version",
    "destination_service", "destination_workload", "destination_workload_namespace", "destination_principal",
    "request_protocol", "response_flags", "connection_security_policy",
  ]

  public var reporter: Reporter
  public var sourceWorkload = unknown
  public var sourceWorkloadNamespace = unknown
  public var sourcePrincipal = unknown
  public var sourceApp = unknown
  public var sourceVersion = unknown
  public var destinationService = unknown
  public var destinationWorkload = unknown
  public var destinationWorkloadNamespace = unknown
  public var destinationPrincipal = unknown
  public var requestProtocol = "tcp"
  public var responseFlags: ResponseFlags = .none
  /// `mutual_tls` when the connection was carried by HBONE, else `unknown`.
  public var mutualTLS = false

  public init(reporter: Reporter) {
    self.reporter = reporter
  }

  /// Builds the labels from what the proxy knows about both ends. The principals come from the
  /// certificates (the source's as verified by the destination, or the expected destination
  /// identity), falling back to the workload's own identity.
  public init(
    reporter: Reporter, source: Workload?, sourceIdentity: SpiffeIdentity?, destination: Workload?,
    destinationService: Service?, destinationIdentity: SpiffeIdentity? = nil, responseFlags: ResponseFlags = .none,
    mutualTLS: Bool
  ) {
    self.init(reporter: reporter)
    if let source {
      sourceWorkload = Self.value(source.workloadName.isEmpty ? source.name : source.workloadName)
      sourceWorkloadNamespace = Self.value(source.namespace)
      sourceApp = Self.value(source.canonicalName)
      sourceVersion = Self.value(source.canonicalRevision)
    }
    if let principal = sourceIdentity ?? (try? source?.identity()) { sourcePrincipal = principal.uri }
    if let destination {
      destinationWorkload = Self.value(
        destination.workloadName.isEmpty ? destination.name : destination.workloadName)
      destinationWorkloadNamespace = Self.value(destination.namespace)
    }
    if let principal = destinationIdentity ?? (try? destination?.identity()) { destinationPrincipal = principal.uri }
    if let destinationService { self.destinationService = Self.value(destinationService.hostname) }
    self.responseFlags = responseFlags
    self.mutualTLS = mutualTLS
  }

  /// Values in `names` order.
  public var values: [String] {
    [
      reporter.rawValue, sourceWorkload, sourceWorkloadNamespace, sourcePrincipal, sourceApp, sourceVersion,
      destinationService, destinationWorkload, destinationWorkloadNamespace, destinationPrincipal, requestProtocol,
      responseFlags.rawValue, mutualTLS ? "mutual_tls" : Self.unknown,
    ]
  }

  private static func value(_ s: String) -> String { s.isEmpty ? unknown : s }
}
