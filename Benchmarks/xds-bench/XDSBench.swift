import ArgumentParser
import CA
import Foundation
import Shared
import XDS

/// `make bench-xds`: the control plane's xDS server with many subscribers in a second process.
///
/// All figures are taken on the server side: a push counts as delivered when every subscriber
/// has ACKed the response carrying it (the ACK follows the agent applying it).
@main
struct XDSBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "xds-bench", subcommands: [Run.self, Clients.self], defaultSubcommand: Run.self)
}

/// Shared between the two processes.
enum BenchSetup {
  static let token = "bench-ztunnel"
  static let tokens = [token: AuthenticatedCaller(namespace: "istio-system", serviceAccount: "ztunnel")]

  static func workload(_ i: Int, revision: Int = 0) -> Workload {
    let ns = "ns-\(i % 100)"
    return Workload(
      uid: Workload.podUID(cluster: "Kubernetes", namespace: ns, name: "pod-\(i)"), name: "pod-\(i)", namespace: ns,
      addresses: [.v4(0x0a00_0000 | UInt32(i))], tunnelProtocol: .hbone, trustDomain: "cluster.local",
      serviceAccount: "sa-\(i % 1000)", node: "node-\(i % 100)", canonicalName: "app-\(i % 1000)",
      canonicalRevision: "v\(revision)", workloadName: "deploy-\(i % 1000)",
      services: ["\(ns)/svc-\(i % 1000).\(ns).svc.cluster.local": [ServicePort(servicePort: 80, targetPort: 8080)]])
  }

  static func resource(_ w: Workload) throws -> XDSResource {
    try XDSResource(name: w.uid, aliases: w.aliases, message: MeshAddress.workload(w).wire)
  }
}
