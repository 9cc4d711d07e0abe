import Foundation
import Kube
import Shared

/// The API calls behind `meshctl waypoint`: apply the Gateway, label the namespace, wait for the
/// control plane to program it, delete it.
public struct WaypointActions: Sendable {
  let client: KubeClient
  let progress: @Sendable (String) -> Void

  public init(client: KubeClient, progress: @escaping @Sendable (String) -> Void) {
    self.client = client
    self.progress = progress
  }

  public func apply(_ spec: WaypointSpec, enrollNamespace: Bool) async throws(MeshCtlError) {
    do {
      _ = try await client.get(.namespace, name: spec.namespace)
    } catch {
      throw MeshCtlError.api(error, doing: "namespace \(spec.namespace)")
    }
    do {
      _ = try await client.apply(spec.gateway, fieldManager: ManifestApplier.fieldManager)
    } catch {
      throw MeshCtlError.api(error, doing: "cannot apply Gateway \(spec.namespace)/\(spec.name)")
    }
    progress("✔ waypoint \(spec.namespace)/\(spec.name) applied (for \(spec.trafficType.rawValue) traffic)")
    guard enrollNamespace else { return }
    try await label(namespace: spec.namespace, value: .string(spec.name))
    progress("✔ namespace \(spec.namespace) labelled \(MeshLabels.useWaypoint)=\(spec.name)")
  }

  public func delete(namespace: String, name: String) async throws(MeshCtlError) {
    do {
      try await client.delete(.gateway, namespace: namespace, name: name)
    } catch let error where error.isNotFound {
      throw MeshCtlError("no waypoint \(namespace)/\(name); list them with: meshctl waypoint list -A")
    } catch {
      throw MeshCtlError.api(error, doing: "cannot delete Gateway \(namespace)/\(name)")
    }
    progress("✔ waypoint \(namespace)/\(name) deleted")
    // A label naming a deleted waypoint makes that traffic fail closed: remove the namespace's.
    let labels: [String: String]
    do { labels = try await client.get(.namespace, name: namespace).labels } catch {
      throw MeshCtlError.api(error, doing: "namespace \(namespace)")
    }
    if labels[MeshLabels.useWaypoint] == name {
      try await label(namespace: namespace, value: .null)
      progress("✔ label \(MeshLabels.useWaypoint) removed from namespace \(namespace)")
    }
  }

  /// Polls until the Gateway's Programmed condition is True, or fails with its last condition.
  public func waitProgrammed(namespace: String, name: String, timeout: Duration) async throws(MeshCtlError) {
    let deadline = ContinuousClock.now + timeout
    var last = "not reconciled yet"
    progress("waiting for waypoint \(namespace)/\(name) to be programmed...")
    while ContinuousClock.now < deadline {
      do {
        let gateway = try await client.get(Gateway.self, namespace: namespace, name: name)
        if gateway.isProgrammed {
          progress("✔ waypoint \(namespace)/\(name) is programmed")
          return
        }
        if let condition = gateway.conditions.condition("Programmed") {
          last = "\(condition.reason ?? "")\(condition.message.map { ": \($0)" } ?? "")"
        }
      } catch let error where error.isNotFound {
        last = "the Gateway does not exist"
      } catch {
        throw MeshCtlError.api(error, doing: "cannot read Gateway \(namespace)/\(name)")
      }
      try? await Task.sleep(for: .seconds(1))
    }
    throw MeshCtlError(
      "waypoint \(namespace)/\(name) not programmed after \(timeout) (\(last)); is the control plane running? "
        + "kubectl -n \(namespace) get deploy \(name)")
  }

  private func label(namespace: String, value: JSONValue) async throws(MeshCtlError) {
    do {
      _ = try await client.patch(
        .namespace, name: namespace, patch: ["metadata": ["labels": [MeshLabels.useWaypoint: value]]])
    } catch {
      throw MeshCtlError.api(error, doing: "cannot label namespace \(namespace)")
    }
  }
}
