@testable import MeshStore
import Shared
import Synchronization
import Testing

@testable import ZtunnelAgent

@Suite struct WorkloadStoreTests {
  let a = TestMesh.pod(
    "a", "10.0.0.1", services: [TestMesh.httpbinKey: [ServicePort(servicePort: 80, targetPort: 8080)]])
  let b = TestMesh.pod("b", "10.0.0.2", node: "node-b")

  @Test func pushIndexesWorkloadsServicesAndEndpoints() {
    let store = WorkloadStore()
    #expect(store.snapshot.version == 0)
    store.apply(WorkloadStoreUpdate(workloads: [a, b], services: [TestMesh.service()]))
    let snap = store.snapshot
    #expect(snap.version == 1)
    #expect(snap.workloadCount == 2)
    #expect(snap.serviceCount == 1)
    #expect(snap.workload(at: TestMesh.ip("10.0.0.2"))?.uid == b.uid)
    #expect(snap.workload(uid: a.uid) == a)
    #expect(snap.service(at: TestMesh.ip("10.96.0.10"))?.name == "httpbin")
    #expect(snap.service(named: TestMesh.httpbinKey)?.name == "httpbin")
    #expect(snap.endpoints(ofService: TestMesh.httpbinKey).map(\.uid) == [a.uid])
    #expect(snap.localWorkloads(node: "node-b").map(\.uid) == [b.uid])
    // Another network's alias is a different address.
    #expect(snap.workload(at: TestMesh.ip("10.0.0.2"), network: "other") == nil)
  }

  @Test func replacingAWorkloadUpdatesEveryIndex() {
    let store = WorkloadStore()
    store.apply(WorkloadStoreUpdate(workloads: [a], services: [TestMesh.service()]))
    var moved = a
    moved.addresses = [TestMesh.ip("10.0.0.9")]
    moved.services = [:]
    store.apply(WorkloadStoreUpdate(workloads: [moved]))
    let snap = store.snapshot
    #expect(snap.workload(at: TestMesh.ip("10.0.0.1")) == nil)
    #expect(snap.workload(at: TestMesh.ip("10.0.0.9"))?.uid == a.uid)
    #expect(snap.endpoints(ofService: TestMesh.httpbinKey).isEmpty)
  }

  @Test(arguments: [false, true])
  func addressMovingBetweenWorkloadsInOnePushFollowsTheNewOwner(newOwnerFirst: Bool) {
    let store = WorkloadStore()
    store.apply(WorkloadStoreUpdate(workloads: [a]))
    var oldOwner = a
    oldOwner.addresses = [TestMesh.ip("10.0.0.5")]
    var newOwner = b
    newOwner.addresses = [TestMesh.ip("10.0.0.1")]
    store.apply(WorkloadStoreUpdate(workloads: newOwnerFirst ? [newOwner, oldOwner] : [oldOwner, newOwner]))
    let snap = store.snapshot
    #expect(snap.workload(at: TestMesh.ip("10.0.0.1"))?.uid == b.uid)
    #expect(snap.workload(at: TestMesh.ip("10.0.0.5"))?.uid == a.uid)
  }

  @Test func removalsByNameDropWorkloadsAndServicesWithTheirIndexes() {
    let store = WorkloadStore()
    store.apply(WorkloadStoreUpdate(workloads: [a, b], services: [TestMesh.service()]))
    let change = store.apply(WorkloadStoreUpdate(removedAddresses: [a.uid, TestMesh.httpbinKey, "never/existed"]))
    let snap = store.snapshot
    #expect(snap.workloadCount == 1)
    #expect(snap.workload(at: TestMesh.ip("10.0.0.1")) == nil)
    #expect(snap.service(at: TestMesh.ip("10.96.0.10")) == nil)
    #expect(snap.endpoints(ofService: TestMesh.httpbinKey).isEmpty)
    #expect(change.removedWorkloads.map(\.uid) == [a.uid])
    #expect(change.changedServices == [TestMesh.httpbinKey])
  }

  @Test func policiesApplyByScope() {
    let global = AuthorizationPolicy(name: "g", namespace: "istio-system", scope: .global, action: .deny, rules: [])
    let inApps = AuthorizationPolicy(name: "ns", namespace: "apps", scope: .namespace, action: .allow, rules: [])
    let inOther = AuthorizationPolicy(name: "ns", namespace: "other", scope: .namespace, action: .allow, rules: [])
    let selected = AuthorizationPolicy(
      name: "sel", namespace: "apps", scope: .workloadSelector, action: .allow, rules: [])
    let notSelected = AuthorizationPolicy(
      name: "sel2", namespace: "apps", scope: .workloadSelector, action: .allow, rules: [])
    let pod = TestMesh.pod("p", "10.0.0.3", policies: ["apps/sel"])
    let store = WorkloadStore()
    store.apply(WorkloadStoreUpdate(workloads: [pod], policies: [global, inApps, inOther, selected, notSelected]))
    #expect(store.snapshot.policies(for: pod).map(\.key) == ["apps/ns", "apps/sel", "istio-system/g"])
    store.apply(WorkloadStoreUpdate(removedPolicies: ["apps/ns", "istio-system/g"]))
    #expect(store.snapshot.policies(for: pod).map(\.key) == ["apps/sel"])
    #expect(store.snapshot.policyCount == 3)
  }

  @Test func listenersHearLocalWorkloadsAppearAndDisappear() {
    let store = WorkloadStore()
    let heard = Mutex<[WorkloadStoreChange.LocalChange]>([])
    store.addListener { change in heard.withLock { $0.append(change.local(to: "node-a")) } }
    store.apply(WorkloadStoreUpdate(workloads: [a, b]))
    var renamed = a
    renamed.serviceAccount = "other"
    store.apply(WorkloadStoreUpdate(workloads: [renamed]))
    var movedAway = renamed
    movedAway.node = "node-b"
    store.apply(WorkloadStoreUpdate(workloads: [movedAway]))
    store.apply(WorkloadStoreUpdate(removedAddresses: [b.uid]))
    let changes = heard.withLock { $0 }
    #expect(changes.count == 4)
    #expect(changes[0].appeared.map(\.uid) == [a.uid])
    #expect(changes[1].updated.map(\.serviceAccount) == ["other"])
    #expect(changes[2].disappeared.map(\.uid) == [a.uid])
    #expect(changes[3].isEmpty)  // b was never on node-a
  }

  @Test func changeStreamDeliversVersions() async {
    let store = WorkloadStore()
    let stream = store.changes()
    store.apply(WorkloadStoreUpdate(workloads: [a]))
    store.apply(WorkloadStoreUpdate(removedAddresses: [a.uid]))
    var versions: [UInt64] = []
    for await change in stream {
      versions.append(change.version)
      if versions.count == 2 { break }
    }
    #expect(versions == [1, 2])
  }

  /// Readers racing a writer only ever see whole pushes: every push keeps "workloads == services
  /// == policies == 10 × push number", so any mix of two pushes breaks the equation.
  @Test func readersNeverSeeHalfAPush() async {
    let store = WorkloadStore()
    let pushes = 200
    await withTaskGroup(of: Bool.self) { group in
      group.addTask {
        for push in 1...pushes {
          let range = (push - 1) * 10..<push * 10
          store.apply(
            WorkloadStoreUpdate(
              workloads: range.map { TestMesh.pod("w\($0)", "10.1.\($0 / 250).\($0 % 250 + 1)") },
              services: range.map { TestMesh.service("s\($0)", vip: "10.97.\($0 / 250).\($0 % 250 + 1)") },
              policies: range.map {
                AuthorizationPolicy(name: "p\($0)", namespace: "apps", scope: .namespace, action: .allow, rules: [])
              }))
        }
        return true
      }
      for _ in 0..<4 {
        group.addTask {
          var consistent = true
          var last: UInt64 = 0
          while last < UInt64(pushes) {
            let snap = store.snapshot
            let expected = Int(snap.version) * 10
            let counts = [snap.workloadCount, snap.serviceCount, snap.policyCount]
            if counts != [expected, expected, expected] { consistent = false }
            last = snap.version
            await Task.yield()
          }
          return consistent
        }
      }
      for await ok in group { #expect(ok) }
    }
  }
}
