import Foundation
import Kube
import Logging
import Shared

/// What one replica does while it holds the lease: the waypoint controller, status conditions on
/// users' objects, and the root bundle ConfigMap in every namespace. Writes happen once per
/// cluster, not once per replica.
struct ClusterWriters: Sendable {
  let watch: ClusterWatch
  let waypoints: WaypointController
  let statuses: PolicyStatusWriter
  let roots: RootCertPublisher
  let trustBundlePEM: String?
  let diagnostics: LatestValue<[ObjectDiagnostic]>
  let logger: Logger

  /// Kinds whose status carries our diagnostics; the rest (pods, namespaces) are reported in logs
  /// and the config dump only.
  static let reportedKinds: Set<String> = [
    "AuthorizationPolicy", "PeerAuthentication", "RequestAuthentication", "HTTPRoute", "VirtualService",
  ]

  func lead() async {
    do {
      try await waypoints.ensureGatewayClass()
    } catch {
      logger.error("cannot install the istio-waypoint GatewayClass", metadata: ["error": "\(error)"])
    }
    await withTaskGroup(of: Void.self) { group in
      group.addTask { await reconcileWaypoints() }
      group.addTask { await writeStatuses() }
      if let trustBundlePEM { group.addTask { await publishRoots(trustBundlePEM) } }
    }
  }

  /// Every waypoint Gateway, again whenever a Gateway or a Service changes (a waypoint's Service
  /// getting its address moves its Gateway to Programmed), and every minute as a resync.
  private func reconcileWaypoints() async {
    let changes = watch.changes(of: [watch.gateways, watch.services])
    defer { changes.stop() }
    let resync = Task {
      while !Task.isCancelled {
        try? await Task.sleep(for: .seconds(60))
        changes.poke()
      }
    }
    defer { resync.cancel() }
    await watch.gateways.waitForSync()
    changes.poke()
    for await _ in changes.stream {
      for object in watch.gateways.list() {
        let gateway = Gateway(object)
        guard gateway.gatewayClassName == MeshLabels.waypointGatewayClass else { continue }
        do {
          try await waypoints.reconcile(gateway: gateway)
        } catch {
          logger.warning(
            "waypoint reconcile failed",
            metadata: ["gateway": "\(gateway.namespace)/\(gateway.name)", "error": "\(error)"])
        }
      }
    }
  }

  private func writeStatuses() async {
    for await _ in diagnostics.changes {
      let reports = diagnostics.current.filter { Self.reportedKinds.contains($0.kind) }.map {
        StatusReport(
          kind: $0.kind, namespace: $0.namespace, name: $0.name, accepted: $0.accepted, reason: $0.reason,
          message: $0.message, routeParents: $0.routeParents)
      }
      await statuses.write(reports)
    }
  }

  private func publishRoots(_ bundle: String) async {
    let changes = watch.changes(of: [watch.namespaces])
    defer { changes.stop() }
    await watch.namespaces.waitForSync()
    changes.poke()
    for await _ in changes.stream {
      let namespaces = watch.namespaces.list().filter { $0.deletionTimestamp == nil }.map(\.name)
      await roots.publish(trustBundlePEM: bundle, namespaces: namespaces)
    }
  }
}
