import Foundation
import Kube
import MeshTestSupport
import Testing

/// The client's writes against the dev API server: what a controller relies on.
@Suite("Kubernetes client writes")
struct KubeClientTests {
  @Test("create, get, conditional update with a conflict surfaced, delete")
  func crud() async throws {
    let fixture = try await ClusterFixture()
    try await fixture.createNamespace("apps")
    var config = KubeObject(type: .configMap, namespace: "apps", name: "settings")
    config.json["data"] = ["mode": "a"]
    let created = try await fixture.client.create(config, as: .configMap)
    #expect(!created.uid.isEmpty && !created.resourceVersion.isEmpty)

    var first = created
    first.json["data"] = ["mode": "b"]
    let updated = try await fixture.client.update(first, as: .configMap)
    #expect(updated.json.value(at: ["data", "mode"]) == "b")

    var stale = created  // still carries the old resourceVersion
    stale.json["data"] = ["mode": "c"]
    do {
      _ = try await fixture.client.update(stale, as: .configMap)
      Issue.record("a stale update must fail")
    } catch {
      #expect(error.isConflict, "\(error)")
    }
    let current = try await fixture.client.get(.configMap, namespace: "apps", name: "settings")
    #expect(current.json.value(at: ["data", "mode"]) == "b", "the losing write changed nothing")

    do {
      _ = try await fixture.client.create(config, as: .configMap)
      Issue.record("a second create must fail")
    } catch {
      #expect(error.isAlreadyExists && error.code == 409)
    }
    try await fixture.client.delete(.configMap, namespace: "apps", name: "settings")
    do {
      _ = try await fixture.client.get(.configMap, namespace: "apps", name: "settings")
      Issue.record("deleted object still readable")
    } catch {
      #expect(error.isNotFound)
    }
    await fixture.stop()
  }

  @Test("merge patch, server-side apply and the status subresource")
  func patchesAndStatus() async throws {
    let fixture = try await ClusterFixture()
    try await fixture.createNamespace("apps")
    var deployment = KubeObject(type: .deployment, namespace: "apps", name: "web", labels: ["app": "web"])
    deployment.spec = [
      "replicas": 1, "selector": ["matchLabels": ["app": "web"]],
      "template": [
        "metadata": ["labels": ["app": "web"]], "spec": ["containers": [["name": "web", "image": "nginx"]]],
      ],
    ]
    let applied = try await fixture.client.apply(deployment, as: .deployment, fieldManager: "mesh-test")
    #expect(applied.generation == 1)
    deployment.json.setValue(2, at: ["spec", "replicas"])
    let reapplied = try await fixture.client.apply(deployment, as: .deployment, fieldManager: "mesh-test")
    #expect(reapplied.json.value(at: ["spec", "replicas"]) == 2)
    #expect(reapplied.generation == 2, "a spec change bumps generation")

    let patched = try await fixture.client.patch(
      .deployment, namespace: "apps", name: "web", patch: ["metadata": ["annotations": ["owner": "mesh"]]])
    #expect(patched.annotations["owner"] == "mesh")
    #expect(patched.generation == 2, "metadata changes do not bump generation")

    let withStatus = try await fixture.client.patch(
      .deployment, namespace: "apps", name: "web", patch: ["status": ["readyReplicas": 2]], status: true)
    #expect(withStatus.json.value(at: ["status", "readyReplicas"]) == 2)
    // A write to the main resource cannot change status.
    var sneaky = withStatus
    sneaky.json.setValue(99, at: ["status", "readyReplicas"])
    let afterUpdate = try await fixture.client.update(sneaky, as: .deployment)
    #expect(afterUpdate.json.value(at: ["status", "readyReplicas"]) == 2)
    await fixture.stop()
  }

  @Test("deleting an owner deletes what it owns (background propagation)")
  func garbageCollection() async throws {
    let fixture = try await ClusterFixture()
    try await fixture.createNamespace("apps")
    var gateway = KubeObject(type: .configMap, namespace: "apps", name: "owner")
    gateway = try await fixture.client.create(gateway, as: .configMap)
    var owned = KubeObject(type: .serviceAccount, namespace: "apps", name: "owned")
    owned.ownerReferences = [OwnerReference(controlledBy: gateway)]
    _ = try await fixture.client.create(owned, as: .serviceAccount)
    try await fixture.client.delete(.configMap, namespace: "apps", name: "owner")
    #expect(
      await eventually {
        (try? await fixture.client.get(.serviceAccount, namespace: "apps", name: "owned")) == nil
      })
    await fixture.stop()
  }

  @Test("an unreachable server is an error that names it")
  func unreachable() async throws {
    let client = try KubeClient(
      config: KubeConfig(server: "https://127.0.0.1:1", insecureSkipTLSVerify: true), requestTimeout: .seconds(2))
    do {
      _ = try await client.list(.pod)
      Issue.record("expected an error")
    } catch {
      #expect(error.code == 0 && error.message.contains("https://127.0.0.1:1"), "\(error)")
    }
    await client.shutdown()
  }
}
