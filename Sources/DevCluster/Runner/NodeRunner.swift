import Foundation
import Kube
import Logging
import Synchronization

/// The dev cluster's kubelet and CNI in one: nodes as network namespaces on a host bridge, and
/// every pod scheduled to them run as processes in a network namespace of its own, with status
/// written back through the API. It is also the API server's `PodProcessHost`, so `kubectl exec`
/// and `kubectl logs` reach the same processes.
///
/// Lifecycle: `setUpNetwork()` (before the API server starts: the server listens on the bridge
/// address so pods can reach it), `start(…)` once the server runs, `shutdown()` to kill every pod
/// and remove all namespaces, veths, routes and the bridge.
public final class NodeRunner: PodProcessHost {
  public let config: NodeRunnerConfig
  public let topology: ClusterTopology
  let resolver: ImageResolver
  let logger: Logger

  struct Connection: Sendable {
    var client: KubeClient
    var apiPort: Int
    var caCertificatePEM: String
  }

  struct State: Sendable {
    var connection: Connection?
    var pods: [String: PodRuntime] = [:]
    var addressPools: [String: PodAddressPool] = [:]
    var tasks: [Task<Void, Never>] = []
    var nextScheduled = 0
    /// Pods bound by `schedule` that the pod cache does not show on their node yet (the
    /// scheduler's "assumed" pods): counted so that pods created together spread.
    var assumed: [String: String] = [:]
  }

  let state: Mutex<State>

  public init(config: NodeRunnerConfig, logger: Logger = Logger(label: "devcluster.runner")) throws(NodeRunnerError) {
    self.config = config
    topology = try config.topology()
    resolver = ImageResolver(binDirectory: config.binDirectory, registryPrefixes: config.registryPrefixes)
    var logger = logger
    logger[metadataKey: "runner.cluster"] = "\(config.cluster)"
    self.logger = logger
    let pools = Dictionary(uniqueKeysWithValues: topology.nodes.map { ($0.name, PodAddressPool(prefix: $0.podPrefix)) })
    state = Mutex(State(addressPools: pools))
  }

  /// The address pods use for the API server and (by default) DNS.
  public var hostAddress: String { topology.bridgeAddress }

  /// Requires root, removes what an earlier run of this cluster left behind, then builds the
  /// bridge and nodes. Safe to call again.
  public func setUpNetwork() async throws(NodeRunnerError) {
    guard getuid() == 0 else {
      throw NodeRunnerError(
        "the dev cluster's node runner needs root (it creates network namespaces, veths and routes); "
          + "run as root, e.g. with sudo")
    }
    let leftovers = topology.podNamespaces(among: await Self.netnsNames())
    for name in leftovers { await Self.killAll(inNetns: name, grace: .zero) }
    _ = await HostCommand.applyAll(leftovers.map { NetworkStep.remove(["netns", "del", $0]) })
    try await HostCommand.apply(topology.applySteps())
    do {
      try FileManager.default.createDirectory(
        atPath: PodSandbox.serviceAccountMount, withIntermediateDirectories: true)
      try FileManager.default.createDirectory(atPath: config.stateDirectory, withIntermediateDirectories: true)
    } catch {
      throw NodeRunnerError("cannot create the runner's directories: \(error)")
    }
    logger.info("dev cluster network ready", metadata: ["runner.bridge": "\(topology.bridge)"])
  }

  /// Registers the nodes and starts running the pods scheduled to them. `apiPort` is the API
  /// server's port on `hostAddress`; `caCertificatePEM` is what pods get as `ca.crt`.
  public func start(client: KubeClient, apiPort: Int, caCertificatePEM: String) async throws(NodeRunnerError) {
    state.withLock {
      $0.connection = Connection(client: client, apiPort: apiPort, caCertificatePEM: caCertificatePEM)
    }
    try await registerNodes(client: client)
    let informer = Informer(client: client, type: .pod, logger: logger)
    let events = informer.events()
    let watch = Task { await informer.run() }
    let loop = Task { [self] in
      for await event in events { await handle(event, informer: informer) }
    }
    state.withLock { $0.tasks += [watch, loop] }
  }

  /// Stops watching, stops every pod (SIGTERM, SIGKILL after a short grace), removes the network.
  public func shutdown() async {
    let (tasks, pods) = state.withLock { state in
      defer {
        state.tasks = []
        state.pods = [:]
      }
      return (state.tasks, Array(state.pods.values))
    }
    for task in tasks { task.cancel() }
    await withTaskGroup(of: Void.self) { group in
      for pod in pods { group.addTask { await self.stop(pod, grace: .seconds(2), remove: true) } }
    }
    let failures = await tearDownNetwork()
    for failure in failures {
      logger.warning("teardown step failed", metadata: ["runner.error": "\(failure.message)"])
    }
  }

  /// Removes every namespace (pods and nodes), veth and route of this cluster, and the bridge.
  public func tearDownNetwork() async -> [NodeRunnerError] {
    let pods = topology.podNamespaces(among: await Self.netnsNames())
    for name in pods { await Self.killAll(inNetns: name, grace: .zero) }
    for node in topology.nodes { await Self.killAll(inNetns: node.netns, grace: .zero) }
    return await HostCommand.applyAll(topology.teardownSteps(podNetns: pods))
  }

  /// The pod's runtime when it runs here.
  func runtime(namespace: String, name: String) -> PodRuntime? {
    state.withLock { $0.pods["\(namespace)/\(name)"] }
  }

  var connection: Connection? { state.withLock { $0.connection } }

  static func now() -> String { Timestamps.format(Date()) }

  /// Every netns on the machine (`ip netns list` prints `name (id: N)`).
  static func netnsNames() async -> [String] {
    let output = await HostCommand.run(["ip", "netns", "list"])
    return output.stdout.split(separator: "\n").compactMap { line in
      line.split(separator: " ").first.map(String.init)
    }
  }
}
