import ControlPlane
import Foundation
import Kube
import MeshTestSupport
import Shared
import Testing

/// The Kubernetes → xDS path end to end: kubectl-visible changes reach a ztunnel's view.
@Suite("Control plane against the dev API server", .serialized)
struct ControlPlaneMeshTests {
  @Test("enrollment, services, waypoints and policies follow the cluster, without restarts")
  func walkthrough() async throws {
    let mesh = try await MeshHarness()
    try await mesh.namespace("legacy-apps")
    try await mesh.namespace("ambient-apps")
    try await mesh.runningPod("httpbin-1", namespace: "ambient-apps", ip: "10.244.1.10", labels: ["app": "httpbin"])
    try await mesh.runningPod(
      "sleep-1", namespace: "ambient-apps", ip: "10.244.1.11", serviceAccount: "sleep", labels: ["app": "sleep"])
    try await mesh.runningPod("legacy-1", namespace: "legacy-apps", ip: "10.244.2.10", labels: ["app": "legacy"])

    try await mesh.withRunningMesh { view in
      // Before enrollment: known as destinations, not tunnelled.
      #expect(
        await eventually {
          view.workload(namespace: "ambient-apps", name: "httpbin-1")?.tunnelProtocol == TunnelProtocol.none
        })
      #expect(view.workload(namespace: "legacy-apps", name: "legacy-1") != nil)

      // Enroll the namespace; capture is reported by the redirection annotation.
      _ = try await mesh.kube.patch(
        .namespace, name: "ambient-apps", patch: ["metadata": ["labels": ["istio.io/dataplane-mode": "ambient"]]])
      for pod in ["httpbin-1", "sleep-1"] {
        _ = try await mesh.kube.patch(
          .pod, namespace: "ambient-apps", name: pod,
          patch: ["metadata": ["annotations": ["ambient.istio.io/redirection": "enabled"]]])
      }
      #expect(
        await eventually { view.workload(namespace: "ambient-apps", name: "httpbin-1")?.tunnelProtocol == .hbone })
      #expect(view.workload(namespace: "ambient-apps", name: "sleep-1")?.serviceAccount == "sleep")
      #expect(view.workload(namespace: "legacy-apps", name: "legacy-1")?.tunnelProtocol == TunnelProtocol.none)

      // A Service: its VIP arrives, and the selected workload lists it with the resolved port.
      var service = KubeObject(type: .service, namespace: "ambient-apps", name: "httpbin")
      service.spec = ["selector": ["app": "httpbin"], "ports": [["name": "http", "port": 8000, "targetPort": 80]]]
      let created = try await mesh.kube.create(service, as: .service)
      let vip = try #require(created.json.value(at: ["spec", "clusterIP"])?.stringValue)
      let hostname = "httpbin.ambient-apps.svc.cluster.local"
      #expect(await eventually { view.service(namespace: "ambient-apps", hostname: hostname) != nil })
      #expect(
        view.service(namespace: "ambient-apps", hostname: hostname)?.addresses.map(\.address.description) == [vip])
      #expect(
        await eventually {
          view.workload(namespace: "ambient-apps", name: "httpbin-1")?.services["ambient-apps/\(hostname)"]
            == [ServicePort(servicePort: 8000, targetPort: 80)]
        })

      // The walkthrough's L4 policy reaches the agent and the workload lists it.
      let applied = try await Tool.run(
        ["kubectl", "--kubeconfig", mesh.kubeconfig, "apply", "-f", "-"],
        input: """
          apiVersion: security.istio.io/v1
          kind: AuthorizationPolicy
          metadata: {name: require-sleep-identity, namespace: ambient-apps}
          spec:
            selector: {matchLabels: {app: httpbin}}
            action: ALLOW
            rules:
            - from:
              - source: {principals: ["cluster.local/ns/ambient-apps/sa/sleep"]}
          """)
      #expect(applied.status == 0, "kubectl apply failed: \(applied.stderr)")
      #expect(await eventually { view.policy("ambient-apps/require-sleep-identity") != nil })
      #expect(
        await eventually {
          view.workload(namespace: "ambient-apps", name: "httpbin-1")?.authorizationPolicies
            == ["ambient-apps/require-sleep-identity"]
        })

      // The policy's status says it was accepted (written by the leader).
      #expect(
        await eventually {
          let policy = try? await mesh.kube.get(
            .authorizationPolicy, namespace: "ambient-apps", name: "require-sleep-identity")
          return policy?.json.value(at: ["status", "conditions"])?.arrayValue?.first?["status"] == "True"
        })

      // A waypoint Gateway: the controller deploys it and publishes its address; the namespace
      // label then makes it the service's waypoint.
      var gateway = KubeObject(type: .gateway, namespace: "ambient-apps", name: "waypoint")
      gateway.spec = [
        "gatewayClassName": "istio-waypoint", "listeners": [["name": "mesh", "port": 15008, "protocol": "HBONE"]],
      ]
      _ = try await mesh.kube.create(gateway, as: .gateway)
      #expect(
        await eventually {
          // The controller applies the ServiceAccount, Deployment and Service in that order.
          let deployment = try? await mesh.kube.get(.deployment, namespace: "ambient-apps", name: "waypoint")
          let service = try? await mesh.kube.get(.service, namespace: "ambient-apps", name: "waypoint")
          return deployment != nil && service != nil
        })
      let waypointService = try await mesh.kube.get(.service, namespace: "ambient-apps", name: "waypoint")
      let waypointIP = try #require(waypointService.json.value(at: ["spec", "clusterIP"])?.stringValue)
      #expect(
        await eventually {
          let programmed = try? await mesh.kube.get(.gateway, namespace: "ambient-apps", name: "waypoint")
          return programmed?.json.value(at: ["status", "addresses"])?.arrayValue?.first?["value"]?.stringValue
            == waypointIP
        })
      _ = try await mesh.kube.patch(
        .namespace, name: "ambient-apps", patch: ["metadata": ["labels": ["istio.io/use-waypoint": "waypoint"]]])
      #expect(
        await eventually {
          view.service(namespace: "ambient-apps", hostname: hostname)?.waypoint?.destination
            == .address(NetworkAddress(network: "", address: try! IPAddress(waypointIP)))
        })
      #expect(
        await eventually {
          (try? await mesh.kube.get(.configMap, namespace: "ambient-apps", name: "istio-ca-root-cert")) != nil
        }, "the root bundle is published in every namespace")

      // The monitoring port's answers: ready, metrics, and a dump naming what was sent.
      let admin = ControlPlaneAdmin(publisher: mesh.app.publisher, xds: mesh.ads.stats)
      #expect(await admin.respond("/ready").status == 200)
      let metrics = String(decoding: await admin.respond("/metrics").body, as: UTF8.self)
      #expect(metrics.contains("mesh_workloads 3.0") && metrics.contains("mesh_xds_connected_agents 1.0"), "\(metrics)")
      let dump = try JSONParser.parse(await admin.respond("/debug/config_dump").body)
      #expect(dump["workloads"]?.arrayValue?.count == 3)
      #expect(dump["policies"]?.arrayValue?.contains("ambient-apps/require-sleep-identity") == true)
      #expect(await admin.respond("/nope").status == 404)

      // Unenrolling takes the pods out of the mesh again, still without touching them.
      _ = try await mesh.kube.patch(
        .namespace, name: "ambient-apps", patch: ["metadata": ["labels": ["istio.io/dataplane-mode": nil]]])
      #expect(
        await eventually {
          view.workload(namespace: "ambient-apps", name: "httpbin-1")?.tunnelProtocol == TunnelProtocol.none
        })
      let pod = try await mesh.kube.get(.pod, namespace: "ambient-apps", name: "httpbin-1")
      #expect(pod.json.value(at: ["status", "podIP"]) == "10.244.1.10")
    }
    await mesh.stop()
  }
}
