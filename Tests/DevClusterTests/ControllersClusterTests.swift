import DevCluster
import Foundation
import Kube
import Logging
import MeshTestSupport
import Testing

/// The controllers against the dev API server. Nothing runs the pods here, so the test plays the
/// node runner: it writes pod IPs and readiness through the API as the runner would.
@Suite("Controllers against the dev API server")
struct ControllersClusterTests {
  static func markRunning(_ client: KubeClient, namespace: String, name: String, ip: String) async throws {
    var pod = try await client.get(Pod.self, namespace: namespace, name: name)
    pod.phase = "Running"
    pod.setIPs([ip])
    pod.setCondition(Condition(type: "Ready", isTrue: true))
    _ = try await client.update(pod, status: true)
  }

  @Test func deploymentBecomesAvailableAndItsServiceGetsEndpoints() async throws {
    let fixture = try await ClusterFixture()
    let manager = ControllerManager(client: fixture.client, resyncInterval: .seconds(2))
    let running = Task { await manager.run() }
    defer { running.cancel() }
    let client = fixture.client
    try await fixture.createNamespace("apps")
    var deployment = Deployment(namespace: "apps", name: "web")
    deployment.replicas = 2
    deployment.selector = ["matchLabels": ["app": "web"]]
    deployment.templateLabels = ["app": "web"]
    deployment.templateSpec = PodSpec(json: [
      "containers": [["name": "web", "image": "docker.io/kennethreitz/httpbin", "ports": [["name": "http", "containerPort": 80]]]]
    ])
    _ = try await client.create(deployment)
    var service = KubeService(namespace: "apps", name: "web")
    service.selector = ["app": "web"]
    service.ports = [ServicePortSpec(name: "http", port: 8000, targetPort: .string("http"))]
    _ = try await client.create(service)

    let created = await eventually(timeout: .seconds(10)) {
      ((try? await client.list(.pod, namespace: "apps").items.count) ?? 0) == 2
    }
    #expect(created)
    let pods = try await client.list(.pod, namespace: "apps").items.map(Pod.init)
    let hash = pods.first?.labels[PodTemplateHash.label] ?? ""
    #expect(!hash.isEmpty)
    #expect(pods.allSatisfy { $0.name.hasPrefix("web-\(hash)-") && $0.ownerReferences.first?.kind == "Deployment" })
    for (index, pod) in pods.enumerated() {
      try await Self.markRunning(client, namespace: "apps", name: pod.name, ip: "10.244.0.\(index + 10)")
    }
    let available = await eventually(timeout: .seconds(10)) {
      guard let current = try? await client.get(Deployment.self, namespace: "apps", name: "web") else { return false }
      return current.isRolledOut && current.conditions.first { $0.type == "Available" }?.isTrue == true
    }
    #expect(available)
    let sliced = await eventually(timeout: .seconds(10)) {
      let slices = (try? await client.list(.endpointSlice, namespace: "apps", labelSelector: "kubernetes.io/service-name=web"))?.items
        .map(EndpointSlice.init) ?? []
      let addresses = Set(slices.flatMap(\.endpoints).flatMap(\.addresses))
      return addresses == ["10.244.0.10", "10.244.0.11"] && slices.first?.ports.first?.port == 80
    }
    #expect(sliced)

    // A template change rolls: new-hash pods appear, old ones go once the new ones are ready.
    var changed = try await client.get(Deployment.self, namespace: "apps", name: "web")
    changed.templateAnnotations = ["rollout": "2"]
    _ = try await client.update(changed)
    var newPods: [Pod] = []
    let rolled = await eventually(timeout: .seconds(10)) {
      let all = (try? await client.list(.pod, namespace: "apps").items.map(Pod.init)) ?? []
      newPods = all.filter { $0.labels[PodTemplateHash.label] != hash }
      return newPods.count == 2
    }
    #expect(rolled)
    for (index, pod) in newPods.enumerated() {
      try await Self.markRunning(client, namespace: "apps", name: pod.name, ip: "10.244.0.\(index + 20)")
    }
    let replaced = await eventually(timeout: .seconds(10)) {
      let all = (try? await client.list(.pod, namespace: "apps").items.map(Pod.init)) ?? []
      let deployment = try? await client.get(Deployment.self, namespace: "apps", name: "web")
      return all.count == 2 && all.allSatisfy { $0.labels[PodTemplateHash.label] != hash } && deployment?.isRolledOut == true
    }
    #expect(replaced)
    await fixture.stop()
  }

  @Test func daemonSetRunsOnePodOnEachNode() async throws {
    let fixture = try await ClusterFixture()
    let manager = ControllerManager(client: fixture.client, resyncInterval: .seconds(2))
    let running = Task { await manager.run() }
    defer { running.cancel() }
    let client = fixture.client
    try await fixture.createNamespace("istio-system")
    for name in ["node-a", "node-b"] { _ = try await client.create(KubeNode(name: name, labels: ["kubernetes.io/os": "linux"])) }
    var daemonSet = DaemonSet(namespace: "istio-system", name: "ztunnel")
    daemonSet.selector = ["matchLabels": ["app": "ztunnel"]]
    daemonSet.templateLabels = ["app": "ztunnel"]
    daemonSet.templateSpec = PodSpec(json: ["nodeSelector": ["kubernetes.io/os": "linux"], "containers": [["name": "z", "image": "ztunnel"]]])
    _ = try await client.create(daemonSet)
    var pods: [Pod] = []
    let placed = await eventually(timeout: .seconds(10)) {
      pods = (try? await client.list(.pod, namespace: "istio-system").items.map(Pod.init)) ?? []
      return pods.count == 2
    }
    #expect(placed)
    #expect(Set(pods.compactMap(\.nodeName)) == ["node-a", "node-b"])
    for (index, pod) in pods.enumerated() {
      try await Self.markRunning(client, namespace: "istio-system", name: pod.name, ip: "10.244.\(index).2")
    }
    let ready = await eventually(timeout: .seconds(10)) {
      (try? await client.get(DaemonSet.self, namespace: "istio-system", name: "ztunnel"))?.isRolledOut == true
    }
    #expect(ready)
    _ = try await client.create(KubeNode(name: "node-c", labels: ["kubernetes.io/os": "linux"]))
    let third = await eventually(timeout: .seconds(10)) {
      let all = (try? await client.list(.pod, namespace: "istio-system").items.map(Pod.init)) ?? []
      return Set(all.compactMap(\.nodeName)) == ["node-a", "node-b", "node-c"]
    }
    #expect(third)
    // Deleting the DaemonSet deletes its pods (the API server's garbage collection).
    try await client.delete(.daemonSet, namespace: "istio-system", name: "ztunnel")
    let collected = await eventually(timeout: .seconds(10)) {
      ((try? await client.list(.pod, namespace: "istio-system").items.count) ?? -1) == 0
    }
    #expect(collected)
    await fixture.stop()
  }
}
