import Shared

/// What the waypoint side of translation produces: one configuration per Service that has a
/// waypoint, what to tell users about their routes and policies, and which JWKS URIs the
/// configuration needs keys from (the publisher asks the JWKS cache to fetch and refresh them).
public struct L7Translation: Sendable, Hashable {
  /// Sorted by key.
  public var services: [L7Service]
  public var diagnostics: [ObjectDiagnostic]
  public var jwksURIs: Set<String>

  public init(services: [L7Service] = [], diagnostics: [ObjectDiagnostic] = [], jwksURIs: Set<String> = []) {
    self.services = services
    self.diagnostics = diagnostics
    self.jwksURIs = jwksURIs
  }
}
