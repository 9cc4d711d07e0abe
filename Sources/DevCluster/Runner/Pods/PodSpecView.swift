import Kube

/// A pod as the runner reads it: identity, placement, containers and policies.
struct PodSpecView: Sendable, Equatable {
  var namespace: String
  var name: String
  var uid: String
  var nodeName: String?
  var serviceAccount: String
  var hostNetwork: Bool
  var restartPolicy: RestartPolicy
  var terminationGrace: Duration
  var containers: [ContainerSpec]
  var volumes: PodVolumes

  enum RestartPolicy: String, Sendable, Equatable {
    case always = "Always"
    case onFailure = "OnFailure"
    case never = "Never"

    /// Whether a container that exited with `code` starts again.
    func restarts(exitCode code: Int32) -> Bool {
      switch self {
      case .always: true
      case .onFailure: code != 0
      case .never: false
      }
    }
  }

  init(_ pod: KubeObject) {
    namespace = pod.namespace
    name = pod.name
    uid = pod.uid
    let spec = pod.spec ?? .object([:])
    let node = spec["nodeName"]?.stringValue ?? ""
    nodeName = node.isEmpty ? nil : node
    serviceAccount =
      spec["serviceAccountName"]?.stringValue ?? spec["serviceAccount"]?.stringValue ?? "default"
    hostNetwork = spec["hostNetwork"]?.boolValue ?? false
    restartPolicy = RestartPolicy(rawValue: spec["restartPolicy"]?.stringValue ?? "Always") ?? .always
    terminationGrace = .seconds(spec["terminationGracePeriodSeconds"]?.intValue ?? 30)
    containers = (spec["containers"]?.arrayValue ?? []).map(ContainerSpec.init(json:))
    volumes = PodVolumes(spec: spec)
  }

  var key: String { "\(namespace)/\(name)" }

  /// Host ports the pod claims (they must be unique per node).
  var hostPorts: [Int] { containers.flatMap { $0.ports.compactMap(\.hostPort) } }
}
