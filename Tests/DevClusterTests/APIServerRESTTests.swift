import Foundation
import Kube
import MeshTestSupport
import Testing

/// The REST surface over raw HTTP (curl): every verb, and each kind of bad request answered with
/// kube-apiserver's code and Status reason, storing nothing.
@Suite("Dev API server: REST verbs and errors over curl")
struct APIServerRESTTests {
  static let shared = APIServerSharedHarness()

  @Test("create, get, list, update, patch, delete a ConfigMap")
  func verbs() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("rest-verbs")
    let created = try await api.create(
      "/api/v1/namespaces/rest-verbs/configmaps",
      APIServerHarness.configMap("settings", namespace: "rest-verbs", data: ["mode": "a"]))
    let uid = try #require(created.value(at: ["metadata", "uid"])?.stringValue)
    #expect(uid.count == 36)
    let createdVersion = try #require(created.value(at: ["metadata", "resourceVersion"])?.stringValue)
    #expect(created.value(at: ["metadata", "creationTimestamp"])?.stringValue?.hasSuffix("Z") == true)

    let fetched = try await api.curl("GET", "/api/v1/namespaces/rest-verbs/configmaps/settings")
    #expect(fetched.status == 200)
    #expect(fetched.json.value(at: ["data", "mode"]) == "a")

    var replacement = fetched.json
    replacement["data"] = ["mode": "b"]
    let updated = try await api.curl(
      "PUT", "/api/v1/namespaces/rest-verbs/configmaps/settings", body: replacement.jsonText)
    #expect(updated.status == 200, "\(updated)")
    let updatedVersion = try #require(updated.json.value(at: ["metadata", "resourceVersion"])?.stringValue)
    #expect(UInt64(updatedVersion)! > UInt64(createdVersion)!)
    #expect(updated.json.value(at: ["metadata", "uid"])?.stringValue == uid)

    let merged = try await api.curl(
      "PATCH", "/api/v1/namespaces/rest-verbs/configmaps/settings", body: #"{"data":{"extra":"x"}}"#,
      contentType: "application/merge-patch+json")
    #expect(merged.status == 200)
    #expect(merged.json["data"] == ["mode": "b", "extra": "x"])

    let jsonPatched = try await api.curl(
      "PATCH", "/api/v1/namespaces/rest-verbs/configmaps/settings",
      body: #"[{"op":"replace","path":"/data/mode","value":"c"},{"op":"remove","path":"/data/extra"}]"#,
      contentType: "application/json-patch+json")
    #expect(jsonPatched.status == 200)
    #expect(jsonPatched.json["data"] == ["mode": "c"])

    let strategic = try await api.curl(
      "PATCH", "/api/v1/namespaces/rest-verbs/configmaps/settings",
      body: #"{"metadata":{"labels":{"tier":"web"}}}"#, contentType: "application/strategic-merge-patch+json")
    #expect(strategic.status == 200)
    #expect(strategic.json.value(at: ["metadata", "labels", "tier"]) == "web")

    let listed = try await api.curl("GET", "/api/v1/namespaces/rest-verbs/configmaps?labelSelector=tier%3Dweb")
    #expect(listed.json["kind"] == "ConfigMapList")
    #expect(listed.json.value(at: ["metadata", "resourceVersion"])?.stringValue != nil)
    #expect(try await api.names("/api/v1/namespaces/rest-verbs/configmaps?labelSelector=tier%3Dweb") == ["settings"])
    #expect(try await api.names("/api/v1/namespaces/rest-verbs/configmaps?labelSelector=tier%3Ddb").isEmpty)
    #expect(
      try await api.names("/api/v1/configmaps?fieldSelector=metadata.namespace%3Drest-verbs").sorted()
        == ["kube-root-ca.crt", "settings"])
    let event: JSONValue = [
      "apiVersion": "v1", "kind": "Event", "metadata": ["name": "settings.1", "namespace": "rest-verbs"],
      "involvedObject": ["kind": "ConfigMap", "name": "settings", "namespace": "rest-verbs"], "reason": "Tested",
    ]
    try await api.create("/api/v1/namespaces/rest-verbs/events", event)
    #expect(
      try await api.names(
        "/api/v1/namespaces/rest-verbs/events?fieldSelector=involvedObject.name%3Dsettings,involvedObject.kind%3DConfigMap"
      ) == ["settings.1"], "the selector kubectl describe uses for events")
    #expect(
      try await api.names("/api/v1/namespaces/rest-verbs/events?fieldSelector=involvedObject.name%3Dother").isEmpty)

    let deleted = try await api.curl("DELETE", "/api/v1/namespaces/rest-verbs/configmaps/settings")
    #expect(deleted.status == 200)
    #expect(deleted.json["kind"] == "ConfigMap", "DELETE answers with the object")
    let gone = try await api.curl("GET", "/api/v1/namespaces/rest-verbs/configmaps/settings")
    #expect(gone.status == 404)
    #expect(gone.reason == "NotFound")
    #expect(gone.message == #"configmaps "settings" not found"#)
  }

  @Test("server-side apply creates, then merges the applied configuration")
  func serverSideApply() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("rest-apply")
    let yaml = """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: applied, namespace: rest-apply}
      data: {a: "1"}
      """
    let path = "/api/v1/namespaces/rest-apply/configmaps/applied"
    let missingManager = try await api.curl("PATCH", path, body: yaml, contentType: "application/apply-patch+yaml")
    #expect(missingManager.status == 422)
    #expect(missingManager.message?.contains("fieldManager: Required value") == true)
    #expect(try await api.names("/api/v1/namespaces/rest-apply/configmaps") == ["kube-root-ca.crt"])

    let created = try await api.curl(
      "PATCH", path + "?fieldManager=test", body: yaml, contentType: "application/apply-patch+yaml")
    #expect(created.status == 201, "\(created)")
    let merged = try await api.curl(
      "PATCH", path + "?fieldManager=test", body: yaml.replacingOccurrences(of: "{a: \"1\"}", with: "{b: \"2\"}"),
      contentType: "application/apply-patch+yaml")
    #expect(merged.status == 200)
    #expect(merged.json["data"] == ["a": "1", "b": "2"])
  }

  @Test("bad requests get kube-apiserver's codes and reasons, and store nothing")
  func errors() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("rest-errors")
    let collection = "/api/v1/namespaces/rest-errors/configmaps"
    let before = try await api.names(collection)

    let invalidJSON = try await api.curl("POST", collection, body: #"{"apiVersion": "v1", "kind": "#)
    #expect(invalidJSON.status == 400)
    #expect(invalidJSON.reason == "BadRequest")
    #expect(invalidJSON.json["kind"] == "Status")

    let unknownKind = try await api.curl("GET", "/apis/unknown.example/v1/things")
    #expect(unknownKind.status == 404)
    #expect(unknownKind.reason == "NotFound")
    #expect(unknownKind.message == "the server could not find the requested resource")

    let missingNamespace = try await api.curl(
      "POST", "/api/v1/namespaces/nowhere/configmaps",
      body: APIServerHarness.configMap("x", namespace: "nowhere").jsonText)
    #expect(missingNamespace.status == 404)
    #expect(missingNamespace.message == #"namespaces "nowhere" not found"#)

    let noName = try await api.curl(
      "POST", collection, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{}}"#)
    #expect(noName.status == 422)
    #expect(noName.reason == "Invalid")
    #expect(noName.message?.contains("metadata.name: Required value") == true)

    let badName = try await api.curl(
      "POST", collection, body: APIServerHarness.configMap("Bad_Name", namespace: "rest-errors").jsonText)
    #expect(badName.status == 422)
    #expect(badName.json.value(at: ["details", "causes"])?.arrayValue?.first?["field"] == "metadata.name")

    let wrongKind = try await api.curl(
      "POST", collection, body: #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}"#)
    #expect(wrongKind.status == 400)
    let wrongNamespace = try await api.curl(
      "POST", collection, body: APIServerHarness.configMap("elsewhere", namespace: "default").jsonText)
    #expect(wrongNamespace.status == 400)

    try await api.create(collection, APIServerHarness.configMap("taken", namespace: "rest-errors"))
    let exists = try await api.curl(
      "POST", collection, body: APIServerHarness.configMap("taken", namespace: "rest-errors").jsonText)
    #expect(exists.status == 409)
    #expect(exists.reason == "AlreadyExists")

    let current = try await api.curl("GET", collection + "/taken")
    var stale = current.json
    stale.setValue("1", at: ["metadata", "resourceVersion"])
    stale["data"] = ["lost": "write"]
    let conflict = try await api.curl("PUT", collection + "/taken", body: stale.jsonText)
    #expect(conflict.status == 409)
    #expect(conflict.reason == "Conflict")
    #expect(
      conflict.message
        == #"Operation cannot be fulfilled on configmaps "taken": the object has been modified; please apply your changes to the latest version and try again"#
    )

    let failingPatch = try await api.curl(
      "PATCH", collection + "/taken", body: #"[{"op":"remove","path":"/data/absent"}]"#,
      contentType: "application/json-patch+json")
    #expect(failingPatch.status == 422)
    #expect(failingPatch.reason == "Invalid")

    let renaming = try await api.curl(
      "PATCH", collection + "/taken", body: #"{"metadata":{"name":"other"}}"#,
      contentType: "application/merge-patch+json")
    #expect(renaming.status == 400)

    let unauthenticated = try await api.curl("GET", collection, token: .none)
    #expect(unauthenticated.status == 401)
    #expect(unauthenticated.reason == "Unauthorized")
    let wrongToken = try await api.curl("GET", collection, token: .bearer("not-a-token"))
    #expect(wrongToken.status == 401)
    let publicHealth = try await api.curl("GET", "/healthz", token: .none)
    #expect(publicHealth.status == 200 && publicHealth.text == "ok")

    let dryRun = try await api.curl(
      "POST", collection + "?dryRun=All", body: APIServerHarness.configMap("dry", namespace: "rest-errors").jsonText)
    #expect(dryRun.status == 201)

    let unchanged = try await api.curl("GET", collection + "/taken")
    #expect(unchanged.json["data"] == current.json["data"])
    #expect(
      unchanged.json.value(at: ["metadata", "resourceVersion"])
        == current.json.value(at: ["metadata", "resourceVersion"]))
    #expect(try await api.names(collection).sorted() == (before + ["taken"]).sorted())
  }

  @Test("a strategic merge patch on a custom resource is 415, as in Kubernetes")
  func strategicPatchOnCustomResource() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("rest-crd")
    let crd = try await api.create(
      "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", APIServerFixtures.widgetCRD)
    #expect(crd.value(at: ["status", "conditions"])?.arrayValue?.count == 2)
    try await waitUntilServed(api, "/apis/example.com/v1/namespaces/rest-crd/widgets")
    try await api.create(
      "/apis/example.com/v1/namespaces/rest-crd/widgets", APIServerFixtures.widget("w1", namespace: "rest-crd"))
    let path = "/apis/example.com/v1/namespaces/rest-crd/widgets/w1"
    let strategic = try await api.curl(
      "PATCH", path, body: #"{"spec":{"size":9}}"#, contentType: "application/strategic-merge-patch+json")
    #expect(strategic.status == 415)
    #expect(strategic.reason == "UnsupportedMediaType")
    let stored = try await api.curl("GET", path)
    #expect(stored.json.value(at: ["spec", "size"]) == 1)
    let merge = try await api.curl(
      "PATCH", path, body: #"{"spec":{"size":9}}"#, contentType: "application/merge-patch+json")
    #expect(merge.json.value(at: ["spec", "size"]) == 9)
    #expect(merge.json.value(at: ["metadata", "generation"]) == 2)

    // PUT of a custom resource needs a resourceVersion (Kubernetes refuses unconditional updates).
    var unconditional = merge.json
    unconditional.setValue(nil, at: ["metadata", "resourceVersion"])
    let refused = try await api.curl("PUT", path, body: unconditional.jsonText)
    #expect(refused.status == 422)

    // The status subresource changes only status; the main resource keeps it.
    var withStatus = merge.json
    withStatus["status"] = ["ready": true]
    withStatus["spec"] = ["size": 100]
    let statusUpdate = try await api.curl("PUT", path + "/status", body: withStatus.jsonText)
    #expect(statusUpdate.status == 200, "\(statusUpdate)")
    #expect(statusUpdate.json.value(at: ["status", "ready"]) == true)
    #expect(statusUpdate.json.value(at: ["spec", "size"]) == 9)
    var mainUpdate = statusUpdate.json
    mainUpdate["status"] = ["ready": false]
    let main = try await api.curl("PUT", path, body: mainUpdate.jsonText)
    #expect(main.json.value(at: ["status", "ready"]) == true)
    #expect(main.json.value(at: ["metadata", "generation"]) == 2, "a status-only change does not move generation")
  }

  @Test("services get a cluster IP from 10.96.0.0/16, TCP and targetPort defaults; a taken IP is refused")
  func serviceDefaults() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("rest-svc")
    let collection = "/api/v1/namespaces/rest-svc/services"
    let first = try await api.create(collection, APIServerFixtures.service("one", namespace: "rest-svc"))
    let address = try #require(first.value(at: ["spec", "clusterIP"])?.stringValue)
    #expect(address.hasPrefix("10.96."))
    #expect(first.value(at: ["spec", "type"]) == "ClusterIP")
    #expect(first.value(at: ["spec", "ports"])?.arrayValue?.first?["protocol"] == "TCP")
    #expect(first.value(at: ["spec", "ports"])?.arrayValue?.first?["targetPort"] == 8000)

    var headless = APIServerFixtures.service("headless", namespace: "rest-svc")
    headless.setValue("None", at: ["spec", "clusterIP"])
    #expect(try await api.create(collection, headless).value(at: ["spec", "clusterIP"]) == "None")

    var duplicate = APIServerFixtures.service("dup", namespace: "rest-svc")
    duplicate.setValue(.string(address), at: ["spec", "clusterIP"])
    let refused = try await api.curl("POST", collection, body: duplicate.jsonText)
    #expect(refused.status == 422)
    #expect(refused.message?.contains("provided IP is already allocated") == true)

    // An update that leaves the IP out keeps it.
    var update = first
    update.setValue(nil, at: ["spec", "clusterIP"])
    update.setValue(nil, at: ["spec", "clusterIPs"])
    let kept = try await api.curl("PUT", collection + "/one", body: update.jsonText)
    #expect(kept.json.value(at: ["spec", "clusterIP"])?.stringValue == address)
    let second = try await api.create(collection, APIServerFixtures.service("two", namespace: "rest-svc"))
    #expect(second.value(at: ["spec", "clusterIP"])?.stringValue != address)
  }

  @Test("discovery documents list built-in groups and resources with verbs and subresources")
  func discovery() async throws {
    let api = try await Self.shared.get()
    let version = try await api.curl("GET", "/version", token: .none)
    #expect(version.json["major"] == "1")
    let core = try await api.curl("GET", "/api/v1")
    let resources = core.json["resources"]?.arrayValue ?? []
    let pods = resources.first { $0["name"] == "pods" }
    #expect(pods?["namespaced"] == true)
    #expect(pods?["shortNames"] == ["po"])
    #expect(pods?["verbs"]?.arrayValue?.contains("watch") == true)
    #expect(resources.contains { $0["name"] == "pods/status" })
    #expect(resources.contains { $0["name"] == "serviceaccounts/token" && $0["kind"] == "TokenRequest" })
    let groups = try await api.curl("GET", "/apis")
    let names = (groups.json["groups"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    #expect(names.contains("apps") && names.contains("apiextensions.k8s.io") && names.contains("coordination.k8s.io"))
    let jwks = try await api.curl("GET", "/openid/v1/jwks", token: .none)
    #expect(jwks.json["keys"]?.arrayValue?.isEmpty == false)
  }

  @Test("a request body over 3 MiB is 413")
  func tooLarge() async throws {
    let api = try await Self.shared.get()
    let big = String(repeating: "x", count: 3 * 1024 * 1024 + 10)
    let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"a":""# + big + #""}}"#
    let result = try await api.curl("POST", "/api/v1/namespaces/default/configmaps", body: body)
    #expect(result.status == 413)
    #expect(result.reason == "RequestEntityTooLarge")
    #expect(try await api.names("/api/v1/namespaces/default/configmaps").contains("big") == false)
  }

  private func waitUntilServed(_ api: APIServerHarness, _ path: String) async throws {
    var served = false
    for _ in 0..<100 where !served {
      served = try await api.curl("GET", path).status == 200
    }
    #expect(served, "\(path) is served after the CRD is created")
  }
}
