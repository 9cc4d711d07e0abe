import Foundation
import Kube
import MeshTestSupport
import Synchronization
import Testing

/// The informer against the dev API server: what a consumer sees must equal the server's state,
/// with every transition legal (add of a new key, update to a newer version, delete of a known key),
/// whatever happens to the watch in between.
@Suite("Informer against the dev API server", .serialized)
struct InformerTests {
  /// A consumer's view, built only from informer events, recording any illegal transition.
  final class ConsumerView: Sendable {
    struct State {
      var objects: [String: KubeObject] = [:]
      var violations: [String] = []
      var synced = false
      var events = 0
    }
    let state = Mutex(State())

    func consume(_ stream: AsyncStream<InformerEvent>) -> Task<Void, Never> {
      Task {
        for await event in stream { self.apply(event) }
      }
    }

    func apply(_ event: InformerEvent) {
      state.withLock { state in
        state.events += 1
        switch event {
        case .synced:
          state.synced = true
        case .added(let object):
          if state.objects[object.key] != nil { state.violations.append("duplicate add \(object.key)") }
          state.objects[object.key] = object
        case .updated(let old, let new):
          guard let known = state.objects[new.key] else {
            state.violations.append("update of unknown \(new.key)")
            return
          }
          if known.resourceVersion != old.resourceVersion {
            state.violations.append(
              "update of \(new.key) from \(old.resourceVersion), consumer had \(known.resourceVersion)")
          }
          if (UInt64(new.resourceVersion) ?? 0) <= (UInt64(known.resourceVersion) ?? 0) {
            state.violations.append("non-increasing update of \(new.key)")
          }
          state.objects[new.key] = new
        case .deleted(let object):
          if state.objects.removeValue(forKey: object.key) == nil {
            state.violations.append("delete of unknown \(object.key)")
          }
        }
      }
    }

    var snapshot: [String: String] { state.withLock { $0.objects.mapValues(\.resourceVersion) } }
    var violations: [String] { state.withLock { $0.violations } }
    var synced: Bool { state.withLock { $0.synced } }
  }

  /// An informer on `namespace` with one consumer view, running until `stop()`.
  struct Running {
    let informer: Informer
    let view = ConsumerView()
    let tasks: [Task<Void, Never>]

    init(_ fixture: ClusterFixture, namespace: String) async {
      let informer = Informer(client: fixture.client, type: .pod, namespace: namespace)
      self.informer = informer
      tasks = [view.consume(informer.events()), Task { await informer.run() }]
      await informer.waitForSync()
    }

    func stop() { for task in tasks { task.cancel() } }
  }

  /// The server's truth: key → resourceVersion.
  static func serverState(_ fixture: ClusterFixture, namespace: String) async throws -> [String: String] {
    let list = try await fixture.client.list(.pod, namespace: namespace)
    return Dictionary(uniqueKeysWithValues: list.items.map { ($0.key, $0.resourceVersion) })
  }

  static func converged(_ view: ConsumerView, _ fixture: ClusterFixture, namespace: String) async -> Bool {
    await eventually(timeout: .seconds(20)) {
      guard let truth = try? await serverState(fixture, namespace: namespace) else { return false }
      return view.snapshot == truth
    }
  }

  @Test("initial list, then live adds, updates and deletes")
  func listThenWatch() async throws {
    let fixture = try await ClusterFixture()
    try await fixture.createNamespace("apps")
    for index in 0..<20 {
      _ = try await fixture.client.create(ClusterFixture.pod("p\(index)", namespace: "apps"), as: .pod)
    }
    let running = await Running(fixture, namespace: "apps")
    let (informer, view) = (running.informer, running.view)
    #expect(informer.count == 20)
    #expect(await eventually { view.synced })

    _ = try await fixture.client.patch(
      .pod, namespace: "apps", name: "p3", patch: ["metadata": ["labels": ["tier": "web"]]])
    try await fixture.client.delete(.pod, namespace: "apps", name: "p4")
    _ = try await fixture.client.create(ClusterFixture.pod("late", namespace: "apps", node: "node-b"), as: .pod)
    #expect(await Self.converged(view, fixture, namespace: "apps"))
    #expect(informer.list(label: "tier", value: "web").map(\.name) == ["p3"])
    #expect(informer.list(node: "node-b").map(\.name) == ["late"])
    #expect(view.violations.isEmpty, "\(view.violations)")

    // A subscriber arriving late gets the current state, then live changes.
    let lateView = ConsumerView()
    let lateConsumer = lateView.consume(informer.events())
    #expect(await eventually { lateView.snapshot.count == 20 && lateView.synced })
    running.stop()
    lateConsumer.cancel()
    await fixture.stop()
  }

  @Test("a watch broken mid-stream resumes from its last version: nothing lost, nothing repeated")
  func brokenWatch() async throws {
    let fixture = try await ClusterFixture()
    try await fixture.createNamespace("apps")
    let running = await Running(fixture, namespace: "apps")
    let (informer, view) = (running.informer, running.view)
    for round in 0..<5 {
      for index in 0..<10 {
        _ = try await fixture.client.create(ClusterFixture.pod("r\(round)-\(index)", namespace: "apps"), as: .pod)
      }
      fixture.server.dropWatches()
      try await fixture.client.delete(.pod, namespace: "apps", name: "r\(round)-0")
      _ = try await fixture.client.patch(
        .pod, namespace: "apps", name: "r\(round)-1",
        patch: ["metadata": ["annotations": ["round": .string("\(round)")]]])
    }
    #expect(await Self.converged(view, fixture, namespace: "apps"))
    #expect(view.violations.isEmpty, "\(view.violations)")
    #expect(informer.stats.watchesStarted >= 2, "the watch was resumed after being dropped")
    #expect(informer.stats.lists == 1, "resuming from a known version needs no relist")
    running.stop()
    await fixture.stop()
  }

  @Test("410 Gone forces a relist that reports exactly what was missed")
  func goneRelist() async throws {
    let fixture = try await ClusterFixture()
    try await fixture.createNamespace("apps")
    for index in 0..<10 {
      _ = try await fixture.client.create(ClusterFixture.pod("p\(index)", namespace: "apps"), as: .pod)
    }
    let running = await Running(fixture, namespace: "apps")
    let (informer, view) = (running.informer, running.view)
    // A write elsewhere moves the cluster past the informer's last version without it seeing;
    // compacting then makes that version too old, so its next watch gets 410 and must relist.
    try await fixture.createNamespace("elsewhere")
    _ = try await fixture.client.create(ClusterFixture.pod("x", namespace: "elsewhere"), as: .pod)
    fixture.server.compactHistory()
    fixture.server.dropWatches()
    // Changes racing the relist: whichever way they reach the informer, each must arrive once.
    try await fixture.client.delete(.pod, namespace: "apps", name: "p0")
    _ = try await fixture.client.patch(.pod, namespace: "apps", name: "p1", patch: ["metadata": ["labels": ["v": "2"]]])
    _ = try await fixture.client.create(ClusterFixture.pod("new", namespace: "apps"), as: .pod)
    #expect(await Self.converged(view, fixture, namespace: "apps"))
    #expect(await eventually { informer.stats.goneRelists >= 1 && informer.stats.lists >= 2 })
    #expect(view.violations.isEmpty, "\(view.violations)")
    running.stop()
    await fixture.stop()
  }

  @Test("the cache drops managedFields, which no controller here reads")
  func managedFieldsTrimmed() async throws {
    let fixture = try await ClusterFixture()
    try await fixture.createNamespace("apps")
    var pod = ClusterFixture.pod("listed", namespace: "apps")
    pod.json.setValue(
      [["manager": "kubectl", "operation": "Apply", "fieldsType": "FieldsV1", "fieldsV1": ["f:spec": [:]]]],
      at: ["metadata", "managedFields"])
    _ = try await fixture.client.create(pod, as: .pod)
    let stored = try await fixture.client.get(.pod, namespace: "apps", name: "listed")
    #expect(stored.metadata["managedFields"] != nil, "the server keeps them")
    let running = await Running(fixture, namespace: "apps")
    pod.name = "watched"
    _ = try await fixture.client.create(pod, as: .pod)
    #expect(await eventually { running.informer.count == 2 })
    for name in ["listed", "watched"] {
      let cached = try #require(running.informer.get(namespace: "apps", name: name))
      #expect(cached.metadata["managedFields"] == nil && cached.json.value(at: ["spec", "nodeName"]) != nil)
    }
    running.stop()
    await fixture.stop()
  }

  @Test("a direct watch from a compacted version gets a 410 ERROR event")
  func goneEvent() async throws {
    let fixture = try await ClusterFixture()
    try await fixture.createNamespace("apps")
    let first = try await fixture.client.list(.pod, namespace: "apps")
    _ = try await fixture.client.create(ClusterFixture.pod("p", namespace: "apps"), as: .pod)
    fixture.server.compactHistory()
    var sawGone = false
    for try await event in fixture.client.watch(.pod, namespace: "apps", resourceVersion: first.resourceVersion) {
      sawGone = event.error?.isGone == true
      break
    }
    #expect(sawGone)
    await fixture.stop()
  }

  @Test("bookmarks advance the resume version on a quiet collection")
  func bookmarks() async throws {
    let fixture = try await ClusterFixture(bookmarkInterval: .milliseconds(200))
    try await fixture.createNamespace("quiet")
    try await fixture.createNamespace("busy")
    let informer = Informer(client: fixture.client, type: .pod, namespace: "quiet")
    let runner = Task { await informer.run() }
    await informer.waitForSync()
    let before = UInt64(informer.stats.lastResourceVersion) ?? 0
    // Writes elsewhere move the cluster's version; only bookmarks tell the quiet watch about it.
    for index in 0..<5 {
      _ = try await fixture.client.create(ClusterFixture.pod("b\(index)", namespace: "busy"), as: .pod)
    }
    #expect(
      await eventually(timeout: .seconds(10)) {
        informer.stats.bookmarks > 0 && (UInt64(informer.stats.lastResourceVersion) ?? 0) > before
      })
    #expect(informer.count == 0)
    runner.cancel()
    await fixture.stop()
  }
}
