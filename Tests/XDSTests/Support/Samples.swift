import Foundation
import Shared
import XDS

/// Workloads and policies as the control plane would publish them.
enum Samples {
  static func workload(_ i: Int, node: String = "node-a", version: String = "v1") -> Workload {
    Workload(
      uid: Workload.podUID(cluster: "Kubernetes", namespace: "apps", name: "pod-\(i)"), name: "pod-\(i)",
      namespace: "apps", addresses: [.v4(0x0a00_0000 | UInt32(i))], tunnelProtocol: .hbone,
      serviceAccount: "sa-\(i % 10)", node: node, canonicalName: "app-\(i % 10)", canonicalRevision: version)
  }

  static func resource(_ w: Workload, nodes: Set<String>? = nil) throws -> XDSResource {
    try XDSResource(name: w.uid, aliases: w.aliases, message: MeshAddress.workload(w).wire, nodes: nodes)
  }

  static func policy(_ name: String) throws -> XDSResource {
    let p = AuthorizationPolicy(
      name: name, namespace: "apps", scope: .namespace, action: .deny,
      rules: [.init(clauses: [.init(matches: [AuthorizationMatch(destinationPorts: [9090])])])])
    return try XDSResource(name: p.key, message: p.wire)
  }
}
