import Shared

/// What the agents get over xDS, plus what users must be told about their objects.
///
/// Every list is sorted (workloads by uid, services by resource name, policies by key,
/// diagnostics by object) so that the same cluster state always yields the same value and the
/// xDS cache's content hashes do not churn.
public struct MeshSnapshot: Sendable, Hashable {
  public var workloads: [Workload]
  public var services: [Shared.Service]
  /// Shared's L4 model, including the policies converted from PeerAuthentications.
  public var policies: [AuthorizationPolicy]
  /// One per user object with something to say (every AuthorizationPolicy and PeerAuthentication).
  public var diagnostics: [ObjectDiagnostic]
  /// What waypoints get: one configuration per Service with a waypoint, sorted by key.
  public var waypointServices: [L7Service]
  /// The `jwksUri`s the waypoint configuration needs keys from (for the JWKS cache).
  public var jwksURIs: Set<String>

  public init(
    workloads: [Workload] = [], services: [Shared.Service] = [], policies: [AuthorizationPolicy] = [],
    diagnostics: [ObjectDiagnostic] = [], waypointServices: [L7Service] = [], jwksURIs: Set<String> = []
  ) {
    self.workloads = workloads
    self.services = services
    self.policies = policies
    self.diagnostics = diagnostics
    self.waypointServices = waypointServices
    self.jwksURIs = jwksURIs
  }

  /// The diagnostic about one object, if any.
  public func diagnostic(kind: String, namespace: String, name: String) -> ObjectDiagnostic? {
    diagnostics.first { $0.kind == kind && $0.namespace == namespace && $0.name == name }
  }
}
