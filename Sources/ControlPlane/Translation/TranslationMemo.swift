import Kube
import Shared
import Synchronization

/// Per-pod results of the last translation, reusable while nothing but pods has changed.
///
/// The context key covers every non-pod input (each object's kind, namespace, name and
/// resourceVersion, and the config): if any of them changed, all pods are translated again, since
/// a Service, policy, Gateway or Namespace can change any pod's workload.
public final class TranslationMemo: Sendable {
  struct PodOutcome: Sendable {
    var resourceVersion: String
    var workload: Workload?
    var diagnostics: [ObjectDiagnostic] = []
    var converted: AuthorizationPolicy?

    init(resourceVersion: String) { self.resourceVersion = resourceVersion }
  }

  private struct State {
    var context: Int?
    var entries: [String: PodOutcome] = [:]
  }

  private let state = Mutex(State())

  public init() {}

  func entries(ifContext context: Int?) -> [String: PodOutcome]? {
    state.withLock { state in state.context == context ? state.entries : nil }
  }

  func store(context: Int, entries: [String: PodOutcome]) {
    state.withLock { $0 = State(context: context, entries: entries) }
  }

  /// nil when some object has no resourceVersion (hand-built input): then nothing is reused.
  static func contextKey(_ cluster: ClusterSnapshot, config: MeshConfig) -> Int? {
    var hasher = Hasher()
    var complete = true
    hasher.combine(config)
    func combine(_ kind: String, _ objects: some Sequence<KubeObject>) {
      var keys: [String] = []
      for object in objects {
        if object.resourceVersion.isEmpty { complete = false }
        keys.append("\(object.namespace)/\(object.name)@\(object.resourceVersion)")
      }
      hasher.combine(kind)
      hasher.combine(keys.sorted())
    }
    combine("Namespace", cluster.namespaces.values.map(\.object))
    combine("Service", cluster.services.map(\.object))
    combine("EndpointSlice", cluster.endpointSlices.map(\.object))
    combine("Gateway", cluster.gateways.map(\.object))
    combine("AuthorizationPolicy", cluster.authorizationPolicies.map(\.object))
    combine("PeerAuthentication", cluster.peerAuthentications.map(\.object))
    return complete ? hasher.finalize() : nil
  }
}
