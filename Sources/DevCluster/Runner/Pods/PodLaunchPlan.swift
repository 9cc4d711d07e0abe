/// Decides what each container of a pod runs and with which environment. Pure: the runner
/// performs the plan; tests read it.
struct PodLaunchPlan: Sendable, Equatable {
  struct Container: Sendable, Equatable {
    var name: String
    var argv: [String]
  }

  var containers: [Container]

  /// The argv of every container, or the first reason the pod cannot run: an image with no local
  /// equivalent, a container without a command to run, or host ports already taken on the node.
  static func make(
    pod: PodSpecView, resolver: ImageResolver, podsOnNode: [PodSpecView]
  ) -> Result<PodLaunchPlan, PodRejection> {
    guard !pod.containers.isEmpty else {
      return .failure(PodRejection(reason: "NoContainers", message: "pod \(pod.key) has no containers"))
    }
    var containers: [Container] = []
    for container in pod.containers {
      switch resolver.resolve(
        image: container.image, command: container.command, args: container.args,
        firstPort: container.ports.first?.containerPort)
      {
      case .unsupported(let message):
        return .failure(PodRejection(reason: "ImageNotSupported", message: "container \(container.name): \(message)"))
      case .run(let argv):
        containers.append(Container(name: container.name, argv: argv))
      }
    }
    let taken = Set(podsOnNode.filter { $0.uid != pod.uid }.flatMap(\.hostPorts))
    let clashes = pod.hostPorts.filter { taken.contains($0) }
    if !clashes.isEmpty {
      return .failure(
        PodRejection(
          reason: "HostPortConflict",
          message: "host port(s) \(clashes.map(String.init).joined(separator: ", ")) already used by another pod on "
            + "node \(pod.nodeName ?? "?"); choose another hostPort or remove it"))
    }
    return .success(PodLaunchPlan(containers: containers))
  }

  /// What a container's process sees: a minimal base (PATH, HOME, HOSTNAME), the API server as
  /// in-cluster clients look for it (`KUBERNETES_SERVICE_HOST/PORT`), then the spec's `env` in
  /// order, with the downward-API fields the dev cluster knows.
  static func environment(
    container: ContainerSpec, pod: PodSpecView, podIP: String, hostIP: String, apiHost: String, apiPort: Int
  ) -> [String: String] {
    var env: [String: String] = [
      "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "HOME": "/root",
      "HOSTNAME": pod.hostNetwork ? (pod.nodeName ?? pod.name) : pod.name,
      "KUBERNETES_SERVICE_HOST": apiHost,
      "KUBERNETES_SERVICE_PORT": String(apiPort),
      "KUBERNETES_SERVICE_PORT_HTTPS": String(apiPort),
      "KUBERNETES_PORT": "tcp://\(apiHost):\(apiPort)",
    ]
    let fields = [
      "metadata.name": pod.name, "metadata.namespace": pod.namespace, "metadata.uid": pod.uid,
      "spec.nodeName": pod.nodeName ?? "", "spec.serviceAccountName": pod.serviceAccount, "status.podIP": podIP,
      "status.hostIP": hostIP,
    ]
    for (name, value) in container.env {
      switch value {
      case .literal(let text): env[name] = text
      case .field(let path): env[name] = fields[path] ?? ""
      case .unsupported: env[name] = ""
      }
    }
    return env
  }

  /// `resolv.conf` as kubelet writes it for ClusterFirst pods.
  static func resolvConf(namespace: String, nameserver: String) -> String {
    """
    nameserver \(nameserver)
    search \(namespace).svc.cluster.local svc.cluster.local cluster.local
    options ndots:5

    """
  }
}
