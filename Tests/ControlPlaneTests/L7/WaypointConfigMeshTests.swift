import ControlPlane
import Foundation
import Kube
import MeshTestSupport
import Shared
import Testing

/// The waypoint configuration path end to end: objects applied to the dev API server reach an xDS
/// client subscribed to `mesh.waypoint.v1.WaypointService`, and HTTPRoute status is written per
/// parent as Gateway API defines it.
@Suite("Waypoint configuration against the dev API server", .serialized)
struct WaypointConfigMeshTests {
  @Test("an HTTPRoute on a Service with a waypoint reaches the waypoint's xDS view; status.parents says so")
  func routeReachesWaypoint() async throws {
    let mesh = try await MeshHarness()
    try await mesh.namespace("ambient-apps", labels: ["istio.io/dataplane-mode": "ambient"])
    try await mesh.runningPod("httpbin-1", namespace: "ambient-apps", ip: "10.244.1.10", labels: ["app": "httpbin"])

    try await mesh.withRunningMesh { view in
      let applied = try await Tool.run(
        ["kubectl", "--kubeconfig", mesh.kubeconfig, "apply", "-f", "-"],
        input: Walkthrough.waypointGateway + """
          ---
          apiVersion: v1
          kind: Service
          metadata: {name: httpbin, namespace: ambient-apps, labels: {istio.io/use-waypoint: httpbin-ambient-waypoint}}
          spec: {selector: {app: httpbin}, ports: [{name: http, port: 8000, targetPort: 80}]}
          ---
          apiVersion: gateway.networking.k8s.io/v1
          kind: HTTPRoute
          metadata: {name: httpbin-split, namespace: ambient-apps}
          spec:
            parentRefs: [{group: "", kind: Service, name: httpbin, port: 8000}]
            rules:
            - matches: [{path: {type: PathPrefix, value: /status}}]
              backendRefs: [{name: httpbin, port: 8000}]
            - backendRefs: [{name: httpbin, port: 8000, weight: 1}, {name: missing, port: 80, weight: 1}]
          """)
      #expect(applied.status == 0, "\(applied.stderr)")

      let key = "ambient-apps/httpbin.ambient-apps.svc.cluster.local"
      let arrived = await eventually(timeout: .seconds(20)) { view.waypoints.service(key)?.routes.count == 2 }
      #expect(arrived)
      let service = try #require(view.waypoints.service(key))
      #expect(service.waypoint == "ambient-apps/httpbin-ambient-waypoint")
      #expect(service.ports == [L7ServicePort(port: 8000, name: "http", protocol: .http)])
      #expect(service.routes.first?.matches.first?.path == L7PathMatch(kind: .prefix, value: "/status"))
      #expect(service.routes.first?.port == 8000)
      #expect(service.routes.first?.backends == [.service(key: key, port: 8000, weight: 1)])

      // Status: one entry for our parent, Accepted but not ResolvedRefs (the missing backend).
      let written = await eventually(timeout: .seconds(20)) {
        guard let object = try? await mesh.kube.get(.httpRoute, namespace: "ambient-apps", name: "httpbin-split")
        else { return false }
        return HTTPRoute(object).statusParents.first?.conditions.contains { $0.type == "ResolvedRefs" } == true
      }
      #expect(written)
      let route = HTTPRoute(try await mesh.kube.get(.httpRoute, namespace: "ambient-apps", name: "httpbin-split"))
      let parent = try #require(route.statusParents.first)
      #expect(route.statusParents.count == 1)
      #expect(parent.controllerName == "istio.io/mesh-controller")
      #expect(parent.parentRef.name == "httpbin")
      #expect(parent.conditions.first { $0.type == "Accepted" }?.isTrue == true)
      let resolved = try #require(parent.conditions.first { $0.type == "ResolvedRefs" })
      #expect(!resolved.isTrue)
      #expect(resolved.reason == "BackendNotFound")
      #expect(route.object.status?["conditions"] == nil)

      // Deleting the route empties the waypoint's routes.
      try await mesh.kube.delete(.httpRoute, namespace: "ambient-apps", name: "httpbin-split")
      let emptied = await eventually(timeout: .seconds(20)) { view.waypoints.service(key)?.routes.isEmpty == true }
      #expect(emptied)
    }
    await mesh.stop()
  }
}
