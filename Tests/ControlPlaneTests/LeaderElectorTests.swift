import DevCluster
import Foundation
import Kube
import Logging
import MeshTestSupport
import Synchronization
import Testing

/// Two control-plane replicas campaigning for one Lease on the dev API server.
@Suite("Lease leader election")
struct LeaderElectorTests {
  final class Leaders: Sendable {
    private let names = Mutex<[String]>([])
    func append(_ name: String) { names.withLock { $0.append(name) } }
    var all: [String] { names.withLock { $0 } }
  }

  static func elector(_ client: KubeClient, _ identity: String) -> LeaderElector {
    LeaderElector(
      client: client, namespace: "istio-system", name: "mesh-controller", identity: identity,
      leaseDuration: .seconds(3), renewDeadline: .seconds(2), retryPeriod: .milliseconds(200))
  }

  @Test("exactly one replica leads; when it stops, the other takes over")
  func failover() async throws {
    let directory = try TempDir()
    let server = DevAPIServer(
      config: DevAPIServerConfig(stateDirectory: directory.path("state")), logger: Logger(label: "test"))
    _ = try await server.start()
    let client = try KubeClient(config: try KubeConfig.fromKubeconfig(path: server.kubeconfigPath))
    _ = try await client.create(KubeObject(type: .namespace, name: "istio-system"), as: .namespace)
    let leaders = Leaders()
    let first = Self.elector(client, "replica-1")
    let second = Self.elector(client, "replica-2")
    let firstTask = Task {
      await first.run { @Sendable in
        leaders.append("replica-1")
        try? await Task.sleep(for: .seconds(3600))
      }
    }
    #expect(await eventually(timeout: .seconds(30)) { first.isLeader })
    let secondTask = Task {
      await second.run { @Sendable in
        leaders.append("replica-2")
        try? await Task.sleep(for: .seconds(3600))
      }
    }
    try await Task.sleep(for: .seconds(1))
    #expect(!second.isLeader, "a live lease is not stolen")
    firstTask.cancel()
    _ = await firstTask.value
    #expect(await eventually(timeout: .seconds(10)) { second.isLeader })
    #expect(await eventually { leaders.all == ["replica-1", "replica-2"] })
    let lease = try await client.get(Lease.self, namespace: "istio-system", name: "mesh-controller")
    #expect(lease.holderIdentity == "replica-2")
    #expect(lease.leaseTransitions == 1)
    secondTask.cancel()
    _ = await secondTask.value
    await client.shutdown()
    await server.shutdown()
  }
}
