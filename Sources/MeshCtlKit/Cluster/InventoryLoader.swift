import ControlPlane
import Kube

/// Reads a `MeshInventory` from the API server: one LIST per kind, all namespaces.
public struct InventoryLoader: Sendable {
  let client: KubeClient
  let config: MeshConfig

  public init(client: KubeClient, config: MeshConfig = MeshConfig()) {
    self.client = client
    self.config = config
  }

  public func load() async throws(MeshCtlError) -> MeshInventory {
    var inventory = MeshInventory(config: config)
    var snapshot = ClusterSnapshot()
    for namespace in try await list(.namespace, &inventory) {
      snapshot.namespaces[namespace.name] = Namespace(namespace)
    }
    snapshot.pods = try await list(.pod, &inventory).map(Pod.init)
    snapshot.services = try await list(.service, &inventory).map(KubeService.init)
    snapshot.endpointSlices = try await list(.endpointSlice, &inventory).map(EndpointSlice.init)
    snapshot.gateways = try await list(.gateway, &inventory).map(Gateway.init)
    snapshot.authorizationPolicies = try await list(.authorizationPolicy, &inventory).map(KubeAuthorizationPolicy.init)
    snapshot.peerAuthentications = try await list(.peerAuthentication, &inventory).map(PeerAuthentication.init)
    snapshot.httpRoutes = try await list(.httpRoute, &inventory).map(HTTPRoute.init)
    snapshot.requestAuthentications = try await list(.requestAuthentication, &inventory).map(
      RequestAuthentication.init)
    snapshot.virtualServices = try await list(.virtualService, &inventory).map(VirtualService.init)
    inventory.gatewayClasses = try await list(.gatewayClass, &inventory).map(GatewayClass.init)
    inventory.cluster = snapshot
    return inventory
  }

  /// A kind whose CRD is missing reads as empty and is remembered (analyze reports it); any other
  /// failure stops the command, since a partial view would give wrong verdicts.
  private func list(_ type: ResourceType, _ inventory: inout MeshInventory) async throws(MeshCtlError) -> [KubeObject] {
    do {
      return try await client.listAll(type).items
    } catch let error where error.isNotFound {
      inventory.missingKinds.append(type.qualifiedName)
      return []
    } catch {
      throw MeshCtlError.api(error, doing: "cannot list \(type.qualifiedName)")
    }
  }
}
