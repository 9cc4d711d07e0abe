import Kube

/// `meshctl describe pod`: everything the mesh decided about one pod, and why.
public struct PodDescription: Sendable, Hashable {
  public var namespace: String
  public var name: String
  public var node: String?
  public var podIP: String?
  public var phase: String?
  public var enrollment: EnrollmentExplanation
  /// ztunnel marked the pod `ambient.istio.io/redirection=enabled` (its traffic is redirected).
  public var captured: Bool
  public var identity: String?
  /// `istio-system/ztunnel-abcde`, the node's ztunnel; nil when the node has none.
  public var ztunnel: String?
  public var ztunnelReady: Bool
  /// `namespace/name` of the waypoint serving the pod or its services, and through what.
  public var waypoints: [WaypointUse]
  /// `namespace/name (port->targetPort, ...)`.
  public var services: [String]
  public var policies: [PolicyLine]
  public var verdict: ConnectionVerdict?
  public var certificate: CertificateState?
  /// What the control plane would report about this pod (label typos, waypoints not ready).
  public var problems: [String]

  public struct WaypointUse: Sendable, Hashable {
    /// `namespace/name` of the Gateway.
    public var gateway: String
    /// What uses it: `pod`, or `service namespace/name`.
    public var usedBy: String
    public var programmed: Bool
  }

  /// One policy that governs traffic to the pod, and where it is enforced.
  public struct PolicyLine: Sendable, Hashable {
    public var key: String
    public var action: String
    /// `ztunnel (L4)` or `waypoint namespace/name (L7, service ns/name)`.
    public var enforcedBy: String
    public var scope: String
  }

  /// The L4 verdict for a connection from `--from` to this pod.
  public struct ConnectionVerdict: Sendable, Hashable {
    public var source: String
    public var sourceIdentity: String?
    public var port: Int
    public var allowed: Bool
    public var reason: String
    /// The connection passes a waypoint, whose L7 policies decide too.
    public var viaWaypoint: String?
  }

  /// The pod's certificate as its node's ztunnel holds it (from `/config_dump`).
  public struct CertificateState: Sendable, Hashable {
    /// `Available`, `Initializing`, `Expired`, or why it could not be read.
    public var state: String
    public var expires: String?

    public init(state: String, expires: String? = nil) {
      self.state = state
      self.expires = expires
    }
  }
}
