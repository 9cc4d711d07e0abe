import Foundation
import Kube
import Testing

@testable import DevCluster

/// The API server's pure decisions, table by table.
@Suite("Dev API server: routing, validation, printing and watch decisions")
struct APIServerLogicTests {
  @Test(
    "paths route like kube-apiserver's RequestInfo",
    arguments: [
      (
        "/api/v1/namespaces",
        APIPath.resource(
          .init(group: "", version: "v1", namespace: nil, resource: "namespaces", name: nil, subresource: nil))
      ),
      (
        "/api/v1/namespaces/x",
        .resource(.init(group: "", version: "v1", namespace: nil, resource: "namespaces", name: "x", subresource: nil))
      ),
      (
        "/api/v1/namespaces/x/status",
        .resource(
          .init(group: "", version: "v1", namespace: nil, resource: "namespaces", name: "x", subresource: "status"))
      ),
      (
        "/api/v1/namespaces/x/pods",
        .resource(.init(group: "", version: "v1", namespace: "x", resource: "pods", name: nil, subresource: nil))
      ),
      (
        "/api/v1/namespaces/x/serviceaccounts/sa/token",
        .resource(
          .init(group: "", version: "v1", namespace: "x", resource: "serviceaccounts", name: "sa", subresource: "token")
        )
      ),
      (
        "/apis/apps/v1/deployments",
        .resource(
          .init(group: "apps", version: "v1", namespace: nil, resource: "deployments", name: nil, subresource: nil))
      ),
      (
        "/apis/rbac.authorization.k8s.io/v1/clusterroles/system%3Aadmin",
        .resource(
          .init(
            group: "rbac.authorization.k8s.io", version: "v1", namespace: nil, resource: "clusterroles",
            name: "system:admin", subresource: nil))
      ),
      ("/apis/apps/v1", .groupVersion(group: "apps", version: "v1")),
      ("/apis/apps", .group("apps")),
      ("/api", .coreVersions),
      ("/readyz/ping", .health),
      ("/openapi/v3/apis/apps/v1", .openAPIV3(group: "apps", version: "v1")),
      ("/metrics", .unknown),
      ("/api/v1/namespaces/x/pods/p/status/extra", .unknown),
    ])
  func routing(path: String, expected: APIPath) {
    #expect(APIPath.parse(path) == expected)
  }

  static let nameCases: [(String, NameValidation.Rule, Bool)] = [
    ("web-1", .subdomain, true), ("a.b.c", .subdomain, true), ("Bad_Name", .subdomain, false),
    ("-web", .subdomain, false), ("a.b", .label, false), ("ambient-apps", .label, true),
    ("1abc", .dns1035Label, false), ("abc1", .dns1035Label, true), ("system:controller:x", .pathSegment, true),
    ("a/b", .pathSegment, false), (String(repeating: "a", count: 64), .label, false),
  ]

  @Test("names follow Kubernetes' DNS rules per kind", arguments: nameCases)
  func names(name: String, rule: NameValidation.Rule, valid: Bool) {
    #expect(NameValidation.problems(name, rule: rule).isEmpty == valid)
  }

  static let ageCases: [(Double, String)] = [
    (0, "0s"), (59, "59s"), (119, "119s"), (125, "2m5s"), (600, "10m"), (10_860, "3h1m"), (36_000, "10h"),
    (266_400, "3d2h"), (2_592_000, "30d"), (69_120_000, "2y70d"), (-5, "<invalid>"),
  ]

  @Test("ages print like kubectl's", arguments: ageCases)
  func ages(seconds: Double, text: String) {
    #expect(HumanDuration.format(seconds) == text)
  }

  @Test("printer-column JSONPath: fields, indexes, wildcards and equality filters")
  func jsonPath() throws {
    let gateway: JSONValue = [
      "spec": ["gatewayClassName": "istio-waypoint"],
      "status": [
        "addresses": [["value": "10.96.0.9"], ["value": "10.96.0.10"]],
        "conditions": [["type": "Accepted", "status": "True"], ["type": "Programmed", "status": "False"]],
      ],
    ]
    let cases: [(String, [JSONValue])] = [
      (".spec.gatewayClassName", ["istio-waypoint"]),
      (".status.addresses[*].value", ["10.96.0.9", "10.96.0.10"]),
      (".status.addresses[1].value", ["10.96.0.10"]),
      (#".status.conditions[?(@.type=="Programmed")].status"#, ["False"]),
      (".status.conditions[?(@.type=='Accepted')].status", ["True"]),
      (".spec.missing", []),
    ]
    for (expression, expected) in cases {
      let path = try #require(SimpleJSONPath(expression), "\(expression) parses")
      #expect(path.evaluate(gateway) == expected, "\(expression)")
    }
    #expect(SimpleJSONPath("spec.noDot") == nil)
  }

  @Test("CRD columns: typed cells, first match, null when absent")
  func customColumns() throws {
    let object = try KubeObject(json: [
      "metadata": ["name": "w"], "spec": ["size": 3], "status": ["conditions": [["type": "Ready", "status": "True"]]],
    ])
    let now = Date()
    #expect(
      TablePrinter.customCell(
        PrinterColumn(name: "Size", type: "integer", jsonPath: ".spec.size"), object: object, now: now) == 3)
    #expect(
      TablePrinter.customCell(
        PrinterColumn(name: "Size", type: "string", jsonPath: ".spec.size"), object: object, now: now) == "3")
    #expect(
      TablePrinter.customCell(
        PrinterColumn(name: "Ready", jsonPath: #".status.conditions[?(@.type=="Ready")].status"#), object: object,
        now: now) == "True")
    #expect(
      TablePrinter.customCell(PrinterColumn(name: "X", jsonPath: ".spec.none"), object: object, now: now) == .null)
  }

  @Test("pod rows: readiness, waiting reasons, terminating")
  func podRows() throws {
    var pod = KubeObject(type: .pod, namespace: "a", name: "p")
    pod.spec = ["containers": [["name": "a"], ["name": "b"]], "nodeName": "node-1"]
    pod.status = [
      "phase": "Running", "podIP": "10.0.0.1",
      "containerStatuses": [
        ["name": "a", "ready": true, "restartCount": 2, "state": ["running": [:]]],
        ["name": "b", "ready": false, "restartCount": 0, "state": ["waiting": ["reason": "CrashLoopBackOff"]]],
      ],
    ]
    let cells = try #require(BuiltinPrinters.cells(for: pod, storageKey: "pods", now: Date()))
    #expect(cells[1] == "1/2" && cells[2] == "CrashLoopBackOff" && cells[3] == "2")
    #expect(cells[5] == "10.0.0.1" && cells[6] == "node-1")
    pod.json.setValue("2025-01-01T00:00:00Z", at: ["metadata", "deletionTimestamp"])
    #expect(BuiltinPrinters.cells(for: pod, storageKey: "pods", now: Date())?[2] == "Terminating")
  }

  private func record(
    _ type: WatchEventType, _ labels: [String: String], previous: [String: String]?, version: UInt64
  ) throws -> WatchRecord {
    let ref = ObjectRef(storageKey: "pods", namespace: "a", name: "p")
    var object = KubeObject(type: .pod, namespace: "a", name: "p", labels: labels)
    object.resourceVersion = String(version)
    let before = previous.map { labels -> StoredObject in
      var old = KubeObject(type: .pod, namespace: "a", name: "p", labels: labels)
      old.resourceVersion = String(version - 1)
      return StoredObject(old)
    }
    return WatchRecord(type: type, ref: ref, object: StoredObject(object), previous: before)
  }

  @Test("a filtered watcher sees transitions across its selector as ADDED and DELETED")
  func watchTransitions() throws {
    var filter = WatchFilter(storageKey: "pods", namespace: "a")
    filter.labelSelector = try LabelSelector(parsing: "app=web")
    let web = ["app": "web"]
    let db = ["app": "db"]
    #expect(filter.event(for: try record(.added, web, previous: nil, version: 5))?.type == .added)
    #expect(filter.event(for: try record(.added, db, previous: nil, version: 5)) == nil)
    #expect(filter.event(for: try record(.modified, web, previous: web, version: 6))?.type == .modified)
    #expect(filter.event(for: try record(.modified, web, previous: db, version: 6))?.type == .added)
    let left = try #require(filter.event(for: try record(.modified, db, previous: web, version: 7)))
    #expect(left.type == .deleted)
    #expect(left.object.labels == web, "the last state that matched")
    #expect(left.object.resourceVersion == "7", "at the change's version")
    #expect(filter.event(for: try record(.modified, db, previous: db, version: 8)) == nil)
    #expect(filter.event(for: try record(.deleted, web, previous: web, version: 9))?.type == .deleted)
    var other = filter
    other.namespace = "b"
    #expect(other.event(for: try record(.added, web, previous: nil, version: 5)) == nil)
  }

  @Test("the history keeps the latest records and expires older versions with Kubernetes' message")
  func history() throws {
    var history = EventHistory(capacity: 3, startingAt: 10)
    for version in 11...15 as ClosedRange<UInt64> {
      var object = KubeObject(type: .pod, namespace: "a", name: "p\(version)")
      object.resourceVersion = String(version)
      history.append(
        WatchRecord(
          type: .added, ref: ObjectRef(storageKey: "pods", namespace: "a", name: "p"), object: StoredObject(object),
          previous: nil))
    }
    #expect(try history.records(after: 12).get().map(\.resourceVersion) == [13, 14, 15])
    #expect(try history.records(after: 14).get().map(\.resourceVersion) == [15])
    #expect(try history.records(after: 20).get().isEmpty)
    switch history.records(after: 11) {
    case .success: Issue.record("version 11 was dropped; 12 is gone from the history")
    case .failure(let error): #expect(error.code == 410 && error.message == "too old resource version: 11 (12)")
    }
    history.compact(through: 15)
    #expect(throws: KubeAPIError.self) { try history.records(after: 14).get() }
  }

  @Test("cluster IPs: sequential, never one in use, released addresses come back only after the others")
  func clusterIPs() {
    var allocator = ClusterIPAllocator()
    allocator.claim("10.96.0.2")
    #expect(allocator.allocate() == "10.96.0.3", "the cursor moves past a claimed address")
    #expect(allocator.allocate() == "10.96.0.4")
    allocator.release("10.96.0.3")
    #expect(allocator.allocate() == "10.96.0.5")
    #expect(
      !allocator.isInRange("10.97.0.1") && !allocator.isInRange("10.96.0.0") && allocator.isInRange("10.96.255.254"))
    #expect(ClusterIPAllocator.offset(of: "10.96.01.1") == nil)
  }

  @Test("API versions sort GA first, then beta, then alpha")
  func versionOrder() {
    #expect(
      VersionPriority.sorted(["v1alpha1", "v1beta1", "v1", "v2", "v1beta2", "foo"]) == [
        "v2", "v1", "v1beta2", "v1beta1", "v1alpha1", "foo",
      ])
  }

  /// A protobuf field: key, then a length-delimited payload.
  private func field(_ number: UInt8, _ payload: [UInt8]) -> [UInt8] {
    [number << 3 | 2, UInt8(payload.count)] + payload
  }
  private func text(_ number: UInt8, _ value: String) -> [UInt8] { field(number, Array(value.utf8)) }

  @Test("protobuf bodies decode to the JSON objects kubectl meant; fields with content outside the schema are refused")
  func protobuf() throws {
    let label = field(11, text(1, "team") + text(2, "mesh"))
    let metadata = field(1, text(1, "proto-ns") + text(2, "") + label + field(8, []))
    let namespace = metadata + field(2, text(1, "kubernetes")) + field(3, text(1, ""))
    let envelope = [0x6B, 0x38, 0x73, 0x00] + field(1, text(1, "v1") + text(2, "Namespace")) + field(2, namespace)
    let decoded = try KubeProtobuf.decode(envelope)
    #expect(decoded["kind"] == "Namespace" && decoded["apiVersion"] == "v1")
    #expect(decoded["metadata"] == ["name": "proto-ns", "labels": ["team": "mesh"]])
    #expect(decoded.value(at: ["spec", "finalizers"]) == ["kubernetes"])

    let withContent = metadata + field(3, text(1, "Active"))
    let refused = [0x6B, 0x38, 0x73, 0x00] + field(1, text(1, "v1") + text(2, "Namespace")) + field(2, withContent)
    #expect(throws: KubeAPIError.self) { try KubeProtobuf.decode(refused) }
    #expect(throws: KubeAPIError.self) { try KubeProtobuf.decode(Array("{}".utf8)) }
  }

  @Test("CRD validation names the broken field")
  func crdValidation() throws {
    var crd = try KubeObject(json: APIServerFixtures.widgetCRD)
    #expect(try ServedCustomResource(object: crd).servedResources.map(\.type.apiVersion) == ["example.com/v1"])
    crd.json.setValue("Sometimes", at: ["spec", "scope"])
    do {
      _ = try ServedCustomResource(object: crd)
      Issue.record("an invalid scope must be refused")
    } catch {
      #expect(error.code == 422)
      #expect(error.causes.map(\.field) == ["spec.scope"])
    }
  }
}
