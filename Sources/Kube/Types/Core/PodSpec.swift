/// A view of a pod spec, shared by Pods and by the pod templates of Deployments and DaemonSets.
///
/// Like the object views it reads leniently and writes into `json`, keeping what it does not model.
public struct PodSpec: Sendable, Hashable {
  public var json: JSONValue

  public init(json: JSONValue = [:]) { self.json = json }

  /// The node the pod is bound to; `nil` while unscheduled.
  public var nodeName: String? {
    get { json.string("nodeName") }
    set { json["nodeName"] = .text(newValue) }
  }

  /// The pod's identity. Kubernetes admits pods without one into `default`; the deprecated
  /// `serviceAccount` alias is honoured for old manifests.
  public var serviceAccountName: String {
    get { json.string("serviceAccountName") ?? json.string("serviceAccount") ?? "default" }
    set { json["serviceAccountName"] = .string(newValue) }
  }

  /// Host-network pods share the node's addresses and are not captured by the mesh.
  public var hostNetwork: Bool {
    get { json.bool("hostNetwork") ?? false }
    set { json["hostNetwork"] = newValue ? .bool(true) : nil }
  }

  public var containers: [Container] {
    get { json.list("containers") }
    set { json["containers"] = .array(newValue.map(\.json)) }
  }

  public var initContainers: [Container] {
    get { json.list("initContainers") }
    set { json["initContainers"] = .list(newValue) }
  }

  /// The port number a Service `targetPort` designates on this pod: a number as is, a name looked
  /// up among the containers' ports of the same protocol. `nil` when no container declares the name.
  public func resolve(_ targetPort: IntOrString, protocol: String = "TCP") -> Int? {
    switch targetPort {
    case .int(let port): return port
    case .string(let name):
      for container in containers {
        for port in container.ports where port.name == name && port.protocol == `protocol` {
          return port.containerPort
        }
      }
      return nil
    }
  }
}
