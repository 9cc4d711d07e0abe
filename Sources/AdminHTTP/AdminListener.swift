/// The three HTTP listeners an agent (ztunnel, waypoint) opens for operators and Kubernetes, and
/// what each may answer.
///
/// Metrics (15020) and readiness (15021) bind every address so Prometheus and the kubelet can reach
/// them; serving the admin endpoints there too would let any pod stop a node's data plane with
/// `POST /quitquitquit`. So each listener answers its own paths only.
public enum AdminListener: String, Sendable, CaseIterable {
  /// 15000: everything; changes (quit, log level) from loopback peers only.
  case admin
  /// 15020: Prometheus.
  case metrics
  /// 15021: the kubelet's readiness probe.
  case readiness

  static let metricsPaths: Set<String> = ["/metrics", "/stats/prometheus"]
  static let readinessPaths: Set<String> = ["/healthz/ready"]

  /// Whether a request for `path` is answered on this listener (others get 404).
  public func serves(_ path: String) -> Bool {
    switch self {
    case .admin: true
    case .metrics: Self.metricsPaths.contains(path)
    case .readiness: Self.readinessPaths.contains(path)
    }
  }

  /// The answer when `request` must not reach the endpoints behind this listener: 404 for a
  /// path another listener serves, 403 for a change from a non-loopback peer; nil to go on.
  /// `adminPaths` is what the admin listener's 404 suggests.
  public func refusal(of request: AdminRequest, adminPaths: String) -> AdminResponse? {
    guard serves(request.path) else {
      let known =
        switch self {
        case .admin: adminPaths
        case .metrics: Self.metricsPaths.sorted().joined(separator: ", ")
        case .readiness: Self.readinessPaths.sorted().joined(separator: ", ")
        }
      return .text("no endpoint \(request.path) on the \(rawValue) port; try \(known)\n", status: 404)
    }
    guard request.method == "GET" || request.method == "HEAD" || request.fromLoopback else {
      return .text(
        "\(request.method) \(request.path) changes this process and is accepted from localhost only; "
          + "reach it through kubectl port-forward to the pod\n", status: 403)
    }
    return nil
  }
}
