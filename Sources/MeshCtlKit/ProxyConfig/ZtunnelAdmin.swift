import Kube
import Shared

/// Reads a ztunnel's admin endpoint through the API server's pods/proxy subresource, so meshctl
/// works from anywhere kubectl does. `target` is a ztunnel pod name or a node name.
public struct ZtunnelAdmin: Sendable {
  let client: KubeClient
  let inventory: MeshInventory
  let port: Int

  public init(client: KubeClient, inventory: MeshInventory, port: Int = Int(MeshPorts.admin)) {
    self.client = client
    self.inventory = inventory
    self.port = port
  }

  /// The ztunnel pod `target` names: itself, or the one on that node.
  public func resolve(_ target: String) throws(MeshCtlError) -> Pod {
    let ztunnels = inventory.ztunnels
    if let pod = ztunnels.first(where: { $0.name == target }) ?? ztunnels.first(where: { $0.nodeName == target }) {
      return pod
    }
    let known = ztunnels.map { "\($0.name) (node \($0.nodeName ?? "?"))" }.joined(separator: ", ")
    throw MeshCtlError(
      "no ztunnel pod or node named \(target) in \(inventory.config.rootNamespace); "
        + (known.isEmpty ? "no ztunnel is running: meshctl install" : "ztunnels: \(known)"))
  }

  public func configDump(of pod: Pod) async throws(MeshCtlError) -> JSONValue {
    let bytes: [UInt8]
    do {
      bytes = try await client.podProxyGet(
        namespace: pod.namespace, pod: pod.name, port: port, path: "/config_dump")
    } catch {
      throw MeshCtlError.api(error, doing: "cannot read /config_dump of \(pod.namespace)/\(pod.name)")
    }
    do { return try JSONParser.parse(bytes) } catch {
      throw MeshCtlError("\(pod.namespace)/\(pod.name) sent an unreadable /config_dump: \(error.description)")
    }
  }
}
