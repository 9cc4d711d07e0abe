import MeshStore
import Shared

/// Where one attempt goes: a pod backing the chosen Service, how to reach it, and whom it must
/// prove to be.
struct BackendEndpoint: Sendable, Hashable {
  var workload: Workload
  var ip: IPAddress
  var targetPort: Int
  /// HBONE to the pod's ztunnel (the pod is captured) or plain TCP (it is not in the mesh).
  var viaHBONE: Bool

  /// Connections to this endpoint are interchangeable only with the same transport.
  var poolKey: String { "\(viaHBONE ? "hbone" : "tcp")/\(address)" }

  var address: String {
    if case .v4 = ip { return "\(ip):\(targetPort)" }
    return "[\(ip)]:\(targetPort)"
  }

  /// Pure: the endpoints of Service `key` that serve `port`, healthy ones only (Istio's
  /// ONLY_HEALTHY default; ALLOW_ALL falls back to all when none is healthy), minus `exclude`
  /// (endpoints that already failed this request, as Envoy's previous-hosts retry predicate).
  static func candidates(
    service key: String, port: Int, snapshot: WorkloadSnapshot, exclude: Set<String> = []
  ) -> Result<[BackendEndpoint], UpstreamFailure> {
    guard let service = snapshot.service(named: key) else {
      return .failure(.noHealthyEndpoint("service \(key) is not known to this waypoint"))
    }
    var exposing: [BackendEndpoint] = []
    for workload in snapshot.endpoints(ofService: key) {
      let mapping =
        workload.services[key]?.first { Int($0.servicePort) == port }
        ?? service.ports.first { Int($0.servicePort) == port }
      guard let mapping, mapping.targetPort != 0, let ip = workload.addresses.first else { continue }
      exposing.append(
        BackendEndpoint(
          workload: workload, ip: ip, targetPort: Int(mapping.targetPort), viaHBONE: workload.tunnelProtocol == .hbone))
    }
    guard !exposing.isEmpty else {
      return .failure(.noHealthyEndpoint("service \(key) port \(port): no endpoint exposes the port"))
    }
    var usable = exposing.filter { $0.workload.status == .healthy }
    if usable.isEmpty, service.loadBalancing?.healthPolicy == .allowAll { usable = exposing }
    guard !usable.isEmpty else {
      return .failure(.noHealthyEndpoint("service \(key) port \(port): \(exposing.count) endpoint(s), none healthy"))
    }
    let fresh = usable.filter { !exclude.contains($0.workload.uid) }
    return .success(fresh.isEmpty ? usable : fresh)
  }
}
