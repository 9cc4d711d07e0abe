import Foundation
import Kube
import Logging
import Shared

/// Turns Gateways of class `istio-waypoint` into running waypoints and reports on them.
///
/// The decisions are `WaypointResources` and `WaypointStatus` (pure); this type only writes:
/// server-side apply of the three objects (so a rerun with nothing new is a no-op on the server,
/// and fields other managers own, such as an HPA's `replicas`, are taken over only when they are
/// the controller's), then a status patch only when the status differs. Deletion needs no code:
/// the objects are owned by the Gateway and the API server's garbage collector removes them.
public final class WaypointController: Sendable {
  public let client: KubeClient
  public let settings: WaypointSettings
  private let logger: Logger
  /// Status patches retried after a conflict (someone wrote the Gateway since it was read).
  private let conflictRetries = 3

  public init(
    client: KubeClient, settings: WaypointSettings = WaypointSettings(),
    logger: Logger = Logger(label: "mesh.controlplane.waypoint")
  ) {
    self.client = client
    self.settings = settings
    self.logger = logger
  }

  /// Brings one Gateway's waypoint objects and status to the desired state. Gateways of other
  /// classes and Gateways being deleted are ignored without any request.
  @discardableResult
  public func reconcile(
    gateway: Gateway, now: Date = Date()
  ) async throws(WaypointControllerError)
    -> WaypointOutcome
  {
    guard gateway.isWaypoint else {
      return .ignored(reason: "class \"\(gateway.gatewayClassName)\" is not \(MeshLabels.waypointGatewayClass)")
    }
    guard gateway.object.deletionTimestamp == nil else { return .ignored(reason: "the Gateway is being deleted") }
    let key = "\(gateway.namespace)/\(gateway.name)"

    if let problem = WaypointStatus.problem(in: gateway) {
      let written = try await writeStatus(of: gateway, service: nil, deployment: nil, now: now)
      if written { logger.warning("waypoint Gateway \(key) rejected: \(problem)") }
      return .rejected(statusWritten: written)
    }
    guard !gateway.uid.isEmpty else {
      throw WaypointControllerError(
        "Gateway \(key) has no uid: reconcile the Gateway as read from the API server, not a local copy")
    }

    let desired = WaypointResources(gateway: gateway, settings: settings)
    _ = try await apply(desired.serviceAccount.object, as: .serviceAccount, for: key)
    let deployment = Deployment(try await apply(desired.deployment.object, as: .deployment, for: key))
    // The apply answer is the Service as stored, with the ClusterIP the API server allocated.
    let service = KubeService(try await apply(desired.service.object, as: .service, for: key))
    let written = try await writeStatus(of: gateway, service: service, deployment: deployment, now: now)
    return .deployed(statusWritten: written)
  }

  /// Makes sure GatewayClass `istio-waypoint` exists, names this controller, and is `Accepted`.
  public func ensureGatewayClass(now: Date = Date()) async throws(WaypointControllerError) {
    var desired = GatewayClass(name: MeshLabels.waypointGatewayClass)
    desired.controllerName = settings.controllerName
    desired.description = "Waypoints of the ambient mesh: L7 proxies deployed for Gateways of this class"
    let applied = GatewayClass(try await apply(desired.object, as: .gatewayClass, for: "GatewayClass"))
    var updated = applied
    updated.setCondition(
      Condition(
        type: "Accepted", isTrue: true, reason: "Accepted",
        message: "handled by \(settings.controllerName)", observedGeneration: applied.object.generation),
      now: now)
    guard updated.conditions != applied.conditions else { return }
    let patch: JSONValue = [
      "metadata": ["resourceVersion": .string(applied.resourceVersion)],
      "status": ["conditions": .array(updated.conditions.map(\.json))],
    ]
    do throws(KubeAPIError) {
      _ = try await client.patch(.gatewayClass, name: applied.name, patch: patch, status: true)
    } catch {
      throw WaypointControllerError("cannot set the Accepted condition of GatewayClass \(applied.name)", cause: error)
    }
  }

  private func apply(
    _ object: KubeObject, as type: ResourceType, for owner: String
  ) async throws(WaypointControllerError)
    -> KubeObject
  {
    do throws(KubeAPIError) {
      return try await client.apply(object, as: type, fieldManager: settings.fieldManager, force: true)
    } catch {
      throw WaypointControllerError(
        "cannot apply \(type.kind) \(object.key) for waypoint \(owner)", cause: error)
    }
  }

  /// Patches the Gateway's status when it differs from the wanted one; on a conflict re-reads the
  /// Gateway and decides again. Returns whether a write happened.
  private func writeStatus(
    of gateway: Gateway, service: KubeService?, deployment: Deployment?, now: Date
  ) async throws(WaypointControllerError) -> Bool {
    var current = gateway
    var attempt = 0
    while true {
      let status = WaypointStatus(gateway: current, service: service, deployment: deployment)
      guard let patch = status.statusPatch(for: current, now: now) else { return false }
      do throws(KubeAPIError) {
        _ = try await client.patch(
          .gateway, namespace: current.namespace, name: current.name, patch: patch, status: true)
        logger.info(
          "waypoint Gateway status updated",
          metadata: [
            "gateway": "\(current.namespace)/\(current.name)",
            "addresses": "\(status.addresses.map(\.value).joined(separator: ","))",
          ])
        return true
      } catch  where error.isConflict && attempt < conflictRetries {
        attempt += 1
        do throws(KubeAPIError) {
          current = try await client.get(Gateway.self, namespace: current.namespace, name: current.name)
        } catch  where error.isNotFound {
          return false
        } catch {
          throw WaypointControllerError("cannot re-read Gateway \(current.namespace)/\(current.name)", cause: error)
        }
      } catch  where error.isNotFound {
        // Deleted meanwhile: garbage collection takes care of the rest.
        return false
      } catch {
        throw WaypointControllerError(
          "cannot write the status of Gateway \(current.namespace)/\(current.name)", cause: error)
      }
    }
  }
}
