import Kube

/// The `exec` and `log` subresources of pods: every check kube-apiserver makes before it proxies
/// to the kubelet (the pod exists, the container is one of its own, the pod can still run
/// commands, the upgrade is one the server speaks), answered as kube-apiserver answers them.
/// Running the command is `PodStreamServer`'s job, through the configured `PodProcessHost`.
extension APIService {
  static let noNodeRunnerMessage =
    "no node runner: pods do not run in this dev cluster (start it with `meshctl dev up`)"

  static let spdyMessage =
    "the dev cluster serves exec over WebSocket only (v5.channel.k8s.io), not SPDY/3.1: use kubectl 1.30 or "
    + "newer and leave KUBECTL_REMOTE_COMMAND_WEBSOCKETS unset (or true)"

  func podStreamRequest(
    _ subresource: String, path: APIPath.ResourcePath, resource: ServedResource, name: String, request: APIRequest,
    snapshot: ClusterSnapshot
  ) throws(KubeAPIError) -> APIResponse {
    let namespace = path.namespace ?? ""
    switch subresource {
    case "exec":
      guard request.method == "GET" || request.method == "POST" else {
        throw KubeAPIError.methodNotAllowed(request.method)
      }
      let options = try ExecOptions.parse(request.query)
      let pod = try runnablePod(resource, namespace: namespace, name: name, snapshot: snapshot)
      let container = try Self.container(options.container, of: pod)
      let host = try processHostOrFail()
      try Self.requireRunning(pod)
      switch try WebSocketHandshake.negotiate(method: request.method, headers: request.headers) {
      case .spdy:
        throw KubeAPIError.badRequest(Self.spdyMessage)
      case .websocket(let handshake):
        let exec = PodExecRequest(
          namespace: namespace, pod: name, container: container, command: options.command, stdin: options.stdin,
          tty: options.tty)
        return .podStream(.exec(PodExecPlan(request: exec, options: options, handshake: handshake, host: host)))
      }
    case "log":
      guard request.method == "GET" else { throw KubeAPIError.methodNotAllowed(request.method) }
      let options = try LogOptions.parse(request.query)
      let pod = try runnablePod(resource, namespace: namespace, name: name, snapshot: snapshot)
      let container = try Self.container(options.container, of: pod)
      let host = try processHostOrFail()
      let logs = PodLogRequest(
        namespace: namespace, pod: name, container: container, follow: options.follow, tailLines: options.tailLines)
      return .podStream(.logs(PodLogPlan(request: logs, limitBytes: options.limitBytes, host: host)))
    default:
      throw KubeAPIError.noSuchResource
    }
  }

  private func runnablePod(
    _ resource: ServedResource, namespace: String, name: String, snapshot: ClusterSnapshot
  ) throws(KubeAPIError) -> KubeObject {
    guard let stored = snapshot.get(resource, namespace: namespace, name: name) else {
      throw KubeAPIError.notFound(resource, name: name)
    }
    return stored.object
  }

  private func processHostOrFail() throws(KubeAPIError) -> any PodProcessHost {
    guard let processHost else { throw KubeAPIError(.serviceUnavailable, Self.noNodeRunnerMessage) }
    return processHost
  }

  /// The named container, or the pod's only one; the same texts as kube-apiserver's
  /// `validateContainer` so scripts that match them keep working.
  static func container(_ requested: String, of pod: KubeObject) throws(KubeAPIError) -> String {
    let names = ["containers", "initContainers", "ephemeralContainers"].flatMap { field in
      (pod.spec?[field]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }
    let main = (pod.spec?["containers"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    if requested.isEmpty {
      if main.count == 1 { return main[0] }
      if main.isEmpty { throw KubeAPIError.badRequest("pod \(pod.name) has no containers") }
      throw KubeAPIError.badRequest(
        "a container name must be specified for pod \(pod.name), choose one of: [\(main.joined(separator: " "))]")
    }
    guard names.contains(requested) else {
      throw KubeAPIError.badRequest("container \(requested) is not valid for pod \(pod.name)")
    }
    return requested
  }

  /// Commands run only in a running pod: a finished one gets kube-apiserver's refusal, one not
  /// yet started (the node runner writes `Running` once its containers are up) a hint to wait.
  static func requireRunning(_ pod: KubeObject) throws(KubeAPIError) {
    let phase = pod.status?["phase"]?.stringValue ?? ""
    switch phase {
    case "Running": return
    case "Succeeded", "Failed":
      throw KubeAPIError.badRequest("cannot exec into a container in a completed pod; current phase is \(phase)")
    default:
      throw KubeAPIError.badRequest(
        "pod \(pod.name) is not running (phase \(phase.isEmpty ? "unknown" : phase)): wait for it with "
          + "`kubectl wait --for=condition=Ready pod/\(pod.name) -n \(pod.namespace)`")
    }
  }
}
