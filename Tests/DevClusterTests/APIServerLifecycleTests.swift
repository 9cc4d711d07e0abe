import DevCluster
import Foundation
import Kube
import Logging
import MeshTestSupport
import Testing

/// What happens around deletes and restarts: garbage collection by ownerReferences, finalizers,
/// namespace and CRD deletion, persistence across restarts, and service-account tokens.
@Suite("Dev API server: deletion, persistence and tokens")
struct APIServerLifecycleTests {
  static let shared = APIServerSharedHarness()

  private func owned(_ name: String, namespace: String, by owner: JSONValue) -> JSONValue {
    var object = APIServerHarness.configMap(name, namespace: namespace)
    object.setValue(
      [
        [
          "apiVersion": owner["apiVersion"] ?? "", "kind": owner["kind"] ?? "",
          "name": owner.value(at: ["metadata", "name"]) ?? "", "uid": owner.value(at: ["metadata", "uid"]) ?? "",
        ]
      ], at: ["metadata", "ownerReferences"])
    return object
  }

  @Test("deleting an owner deletes its dependents (recursively); Orphan releases them instead")
  func garbageCollection() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("gc")
    let collection = "/api/v1/namespaces/gc/configmaps"
    let owner = try await api.create(collection, APIServerHarness.configMap("owner", namespace: "gc"))
    let child = try await api.create(collection, owned("child", namespace: "gc", by: owner))
    try await api.create(collection, owned("grandchild", namespace: "gc", by: child))
    #expect(try await api.curl("DELETE", collection + "/owner").status == 200)
    #expect(try await api.names(collection) == ["kube-root-ca.crt"])

    let keeper = try await api.create(collection, APIServerHarness.configMap("keeper", namespace: "gc"))
    try await api.create(collection, owned("orphan", namespace: "gc", by: keeper))
    let orphaning = try await api.curl(
      "DELETE", collection + "/keeper",
      body: #"{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Orphan"}"#)
    #expect(orphaning.status == 200)
    let orphan = try await api.curl("GET", collection + "/orphan")
    #expect(orphan.status == 200)
    #expect(orphan.json.value(at: ["metadata", "ownerReferences"]) == nil)

    let lead = try await api.create(collection, APIServerHarness.configMap("lead", namespace: "gc"))
    try await api.create(collection, owned("follower", namespace: "gc", by: lead))
    #expect(try await api.curl("DELETE", collection + "/lead?propagationPolicy=Foreground").status == 200)
    #expect(try await api.curl("GET", collection + "/follower").status == 404)
  }

  @Test("finalizers hold a delete until they are removed; a namespace takes its content along")
  func finalizersAndNamespaces() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("doomed")
    let collection = "/api/v1/namespaces/doomed/configmaps"
    var held = APIServerHarness.configMap("held", namespace: "doomed")
    held.setValue(["example.com/hold"], at: ["metadata", "finalizers"])
    try await api.create(collection, held)
    try await api.create("/api/v1/namespaces/doomed/pods", APIServerHarness.pod("p", namespace: "doomed"))

    let deleting = try await api.curl("DELETE", "/api/v1/namespaces/doomed")
    #expect(deleting.status == 200)
    let namespace = try await api.curl("GET", "/api/v1/namespaces/doomed")
    #expect(namespace.json.value(at: ["status", "phase"]) == "Terminating")
    #expect(try await api.curl("GET", "/api/v1/namespaces/doomed/pods/p").status == 404)
    let marked = try await api.curl("GET", collection + "/held")
    #expect(marked.json.value(at: ["metadata", "deletionTimestamp"])?.stringValue != nil)

    let refused = try await api.curl(
      "POST", collection, body: APIServerHarness.configMap("late", namespace: "doomed").jsonText)
    #expect(refused.status == 403)
    #expect(refused.message?.contains("because it is being terminated") == true)

    let released = try await api.curl(
      "PATCH", collection + "/held", body: #"{"metadata":{"finalizers":null}}"#,
      contentType: "application/merge-patch+json")
    #expect(released.status == 200)
    #expect(try await api.curl("GET", collection + "/held").status == 404)
    #expect(
      try await api.curl("GET", "/api/v1/namespaces/doomed").status == 404, "the namespace goes with its last object")
  }

  @Test("deleting a CRD deletes its objects and unserves its resource")
  func crdDeletion() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("crd-delete")
    var crd = APIServerFixtures.widgetCRD
    crd.setValue("gadgets.example.org", at: ["metadata", "name"])
    crd.setValue("example.org", at: ["spec", "group"])
    crd.setValue(["plural": "gadgets", "singular": "gadget", "kind": "Gadget"], at: ["spec", "names"])
    try await api.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd)
    var gadget = APIServerFixtures.widget("g", namespace: "crd-delete")
    gadget["apiVersion"] = "example.org/v1"
    gadget["kind"] = "Gadget"
    try await api.create("/apis/example.org/v1/namespaces/crd-delete/gadgets", gadget)
    let discovery = try await api.curl("GET", "/apis/example.org/v1")
    #expect(discovery.json["resources"]?.arrayValue?.contains { $0["name"] == "gadgets/status" } == true)

    #expect(
      try await api.curl("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.org").status
        == 200)
    let after = try await api.curl("GET", "/apis/example.org/v1/namespaces/crd-delete/gadgets")
    #expect(after.status == 404)
    try await api.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd)
    #expect(
      try await api.names("/apis/example.org/v1/namespaces/crd-delete/gadgets").isEmpty, "its objects went with it")

    var invalid = crd
    invalid.setValue("wrong.example.org", at: ["metadata", "name"])
    let refused = try await api.curl(
      "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: invalid.jsonText)
    #expect(refused.status == 422)
  }

  @Test("a restart on the same state directory keeps objects, and resourceVersions keep rising")
  func restart() async throws {
    let directory = try TempDir()
    let first = try await APIServerHarness(directory: directory)
    try await first.createNamespace("kept")
    let stored = try await first.create(
      "/api/v1/namespaces/kept/configmaps", APIServerHarness.configMap("c", namespace: "kept", data: ["k": "v"]))
    let service = try await first.create(
      "/api/v1/namespaces/kept/services", APIServerFixtures.service("s", namespace: "kept"))
    _ = try await first.curl("DELETE", "/api/v1/namespaces/kept/configmaps/kube-root-ca.crt")
    let before = try await first.curl("GET", "/api/v1/namespaces")
    let lastVersion = UInt64(before.json.value(at: ["metadata", "resourceVersion"])?.stringValue ?? "") ?? 0
    let token = first.server.adminToken
    await first.stop()

    let second = try await APIServerHarness(directory: directory)
    #expect(second.server.adminToken == token)
    let again = try await second.curl("GET", "/api/v1/namespaces/kept/configmaps/c")
    #expect(again.status == 200)
    #expect(again.json.value(at: ["metadata", "uid"]) == stored.value(at: ["metadata", "uid"]))
    #expect(again.json["data"] == ["k": "v"])
    let next = try await second.create(
      "/api/v1/namespaces/kept/configmaps", APIServerHarness.configMap("d", namespace: "kept"))
    let nextVersion = UInt64(next.value(at: ["metadata", "resourceVersion"])?.stringValue ?? "") ?? 0
    #expect(nextVersion > lastVersion)
    let otherService = try await second.create(
      "/api/v1/namespaces/kept/services", APIServerFixtures.service("t", namespace: "kept"))
    #expect(otherService.value(at: ["spec", "clusterIP"]) != service.value(at: ["spec", "clusterIP"]))
    await second.stop()
  }

  @Test("a token from the ServiceAccount token subresource authenticates, until the account is deleted")
  func serviceAccountToken() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("tokens")
    try await api.create(
      "/api/v1/namespaces/tokens/serviceaccounts",
      ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "agent", "namespace": "tokens"]])
    let missing = try await api.curl(
      "POST", "/api/v1/namespaces/tokens/serviceaccounts/nobody/token",
      body: #"{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{}}"#)
    #expect(missing.status == 404)
    let request = try await api.curl(
      "POST", "/api/v1/namespaces/tokens/serviceaccounts/agent/token",
      body: #"{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{}}"#)
    #expect(request.status == 201, "\(request)")
    let token = try #require(request.json.value(at: ["status", "token"])?.stringValue)

    let asAgent = try await api.curl("GET", "/api/v1/namespaces/tokens/configmaps", token: .bearer(token))
    #expect(asAgent.status == 200)
    let reviewBody: JSONValue = [
      "apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": ["token": .string(token)],
    ]
    let review = try await api.curl("POST", "/apis/authentication.k8s.io/v1/tokenreviews", body: reviewBody.jsonText)
    #expect(review.status == 201)
    #expect(review.json.value(at: ["status", "user", "username"]) == "system:serviceaccount:tokens:agent")

    #expect(try await api.curl("DELETE", "/api/v1/namespaces/tokens/serviceaccounts/agent").status == 200)
    let afterDelete = try await api.curl("GET", "/api/v1/namespaces/tokens/configmaps", token: .bearer(token))
    #expect(afterDelete.status == 401)
  }

  @Test("run() serves until its task is cancelled, then stops listening")
  func runAsService() async throws {
    let directory = try TempDir()
    let server = DevAPIServer(
      config: DevAPIServerConfig(stateDirectory: directory.path("state")), logger: Logger(label: "test.devcluster.run"))
    let running = Task { try await server.run() }
    let up = await eventually(timeout: .seconds(40)) { !server.serverURL.isEmpty }
    #expect(up)
    let url = server.serverURL
    try directory.write("ca.pem", server.caCertificatePEM)
    let ready = try await Tool.run(["curl", "-sS", "--cacert", directory.path("ca.pem"), url + "/readyz"])
    #expect(ready.stdout == "ok")
    running.cancel()
    try await running.value
    let after = try await Tool.run(["curl", "-sS", "--cacert", directory.path("ca.pem"), url + "/readyz"])
    #expect(after.status != 0, "nothing listens after run() returned")
    await #expect(throws: DevAPIServerError.self) { _ = try await server.start() }
  }
}
