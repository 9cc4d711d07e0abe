import Kube
import Testing

@Suite("Informer cache")
struct InformerCacheTests {
  static func pod(
    _ name: String, rv: Int, node: String = "node-a", labels: [String: String] = ["app": "x"]
  ) -> KubeObject {
    var object = KubeObject(type: .pod, namespace: "ns", name: name, labels: labels)
    object.resourceVersion = String(rv)
    object.json.setValue(.string(node), at: ["spec", "nodeName"])
    return object
  }

  static func kinds(_ events: [InformerEvent]) -> [String] {
    events.map { event in
      switch event {
      case .added(let object): "added \(object.name)@\(object.resourceVersion)"
      case .updated(let old, let new): "updated \(new.name)@\(old.resourceVersion)->\(new.resourceVersion)"
      case .deleted(let object): "deleted \(object.name)@\(object.resourceVersion)"
      case .synced: "synced"
      }
    }
  }

  @Test("watch replays (same or older version) produce no event")
  func duplicates() {
    var cache = InformerCache()
    #expect(cache.upsert(Self.pod("a", rv: 5)) != nil)
    #expect(cache.upsert(Self.pod("a", rv: 5)) == nil)
    #expect(cache.upsert(Self.pod("a", rv: 4)) == nil)
    let update = cache.upsert(Self.pod("a", rv: 7))
    #expect(Self.kinds(update.map { [$0] } ?? []) == ["updated a@5->7"])
    #expect(cache.remove(Self.pod("b", rv: 8)) == nil, "deleting an unknown object is a replay")
    #expect(cache.remove(Self.pod("a", rv: 6)) == nil, "a delete older than the cached object is stale")
    #expect(cache.remove(Self.pod("a", rv: 9)) != nil)
    #expect(cache.count == 0)
  }

  @Test("a relist reports exactly what changed while the watch was away")
  func relist() {
    var cache = InformerCache()
    _ = cache.replace(with: [Self.pod("keep", rv: 1), Self.pod("change", rv: 2), Self.pod("gone", rv: 3)])
    let events = cache.replace(with: [Self.pod("keep", rv: 1), Self.pod("change", rv: 10), Self.pod("new", rv: 11)])
    #expect(Set(Self.kinds(events)) == ["updated change@2->10", "added new@11", "deleted gone@3"])
    #expect(cache.count == 3)
  }

  @Test("indexes follow updates: namespace, label, node")
  func indexes() {
    var cache = InformerCache()
    _ = cache.upsert(Self.pod("a", rv: 1, node: "n1", labels: ["app": "web"]))
    _ = cache.upsert(Self.pod("b", rv: 2, node: "n2", labels: ["app": "web"]))
    #expect(cache.objects(inIndex: InformerCache.labelIndex, value: "app=web").count == 2)
    #expect(cache.objects(inIndex: InformerCache.nodeIndex, value: "n1").map(\.name) == ["a"])
    _ = cache.upsert(Self.pod("a", rv: 3, node: "n2", labels: ["app": "db"]))
    #expect(cache.objects(inIndex: InformerCache.nodeIndex, value: "n1").isEmpty)
    #expect(cache.objects(inIndex: InformerCache.nodeIndex, value: "n2").count == 2)
    #expect(cache.objects(inIndex: InformerCache.labelIndex, value: "app=web").map(\.name) == ["b"])
    #expect(cache.objects(inIndex: InformerCache.namespaceIndex, value: "ns").count == 2)
    _ = cache.remove(Self.pod("b", rv: 4))
    #expect(cache.objects(inIndex: InformerCache.labelIndex, value: "app=web").isEmpty)
  }
}
