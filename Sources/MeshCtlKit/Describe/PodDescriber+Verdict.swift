import ControlPlane
import Kube
import Shared

extension PodDescriber {
  /// What the destination's ztunnel decides for a connection from `source` (its identity is the
  /// one HBONE carries, so only an enrolled source has one).
  static func verdict(
    from source: PodRef, to pod: Pod, workload: Workload?, port: Int?, waypoints: [PodDescription.WaypointUse],
    inventory: MeshInventory, snapshot: MeshSnapshot
  ) throws(MeshCtlError) -> PodDescription.ConnectionVerdict {
    let sourcePod = try find(source, in: inventory)
    let sourceWorkload = capturedWorkload(of: sourcePod, in: snapshot)
    let identity = try? sourceWorkload?.identity(defaultTrustDomain: inventory.config.trustDomain)
    let chosenPort = port ?? defaultPort(of: workload, pod: pod)
    var verdict = PodDescription.ConnectionVerdict(
      source: "\(sourcePod.namespace)/\(sourcePod.name)", sourceIdentity: identity?.uri, port: chosenPort,
      allowed: true, reason: "", viaWaypoint: waypoints.first?.gateway)
    guard let workload else {
      verdict.reason = "the destination is not in the mesh: no policy is enforced and traffic is plaintext"
      return verdict
    }
    guard let destinationIP = workload.addresses.first, let sourceText = sourcePod.podIP,
      let sourceIP = try? IPAddress(sourceText)
    else {
      throw MeshCtlError(
        "cannot evaluate: \(sourcePod.podIP == nil ? "\(verdict.source)" : "\(pod.namespace)/\(pod.name)") has no pod IP yet; wait until it is running"
      )
    }
    let attributes = ConnectionAttributes(
      sourceIdentity: identity, sourceIP: sourceIP, destinationIP: destinationIP,
      destinationPort: UInt16(clamping: chosenPort))
    switch AuthorizationEvaluator.evaluate(snapshot.policies, for: attributes, to: workload) {
    case .allow:
      let applying = snapshot.policies.contains { $0.applies(to: workload) && !$0.dryRun }
      verdict.reason = applying ? "an ALLOW policy matches and no DENY policy does" : "no L4 policy applies to the pod"
    case .deniedByPolicy(let key):
      verdict.allowed = false
      verdict.reason = "DENY policy \(key) matches"
    case .notAllowed:
      verdict.allowed = false
      verdict.reason =
        identity == nil
        ? "ALLOW policies apply and none matches a source without a mesh identity (\(verdict.source) is not enrolled or not captured yet)"
        : "ALLOW policies apply to the pod and none matches \(identity!.uri) on port \(chosenPort)"
    }
    return verdict
  }

  /// The first target port of the pod's services, else its first container port, else 80.
  static func defaultPort(of workload: Workload?, pod: Pod) -> Int {
    if let port = workload?.services.values.sorted(by: { $0.count > $1.count }).first?.first?.targetPort, port > 0 {
      return Int(port)
    }
    return pod.containers.lazy.flatMap(\.ports).first.map { Int($0.containerPort) } ?? 80
  }
}
