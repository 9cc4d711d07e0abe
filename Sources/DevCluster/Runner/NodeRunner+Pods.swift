import Foundation
import Kube

/// Taking pods on and letting them go: the reaction to the pod watch.
extension NodeRunner {
  func handle(_ event: InformerEvent, informer: Informer) async {
    switch event {
    case .added(let pod), .updated(_, let pod):
      guard pod.deletionTimestamp == nil else { return stopIfKnown(pod) }
      let view = PodSpecView(pod)
      guard let nodeName = view.nodeName else { return await schedule(pod, informer: informer) }
      state.withLock { _ = $0.assumed.removeValue(forKey: pod.key) }
      guard let node = topology.node(named: nodeName) else { return }
      if let known = runtime(namespace: view.namespace, name: view.name) {
        if known.spec.uid == view.uid { return }
        // Deleted and created again under the same name: the old one goes first.
        await stop(known, grace: known.spec.terminationGrace, remove: true)
      }
      let runtime = PodRuntime(
        spec: view, node: node,
        directory: "\(config.stateDirectory)/pods/\(view.namespace)_\(view.name)_\(view.uid)", now: Self.now())
      state.withLock { $0.pods[view.key] = runtime }
      let task = Task { await self.run(runtime) }
      state.withLock { $0.tasks.append(task) }
    case .deleted(let pod):
      state.withLock { _ = $0.assumed.removeValue(forKey: pod.key) }
      stopIfKnown(pod)
    case .synced:
      break
    }
  }

  private func stopIfKnown(_ pod: KubeObject) {
    guard let known = runtime(namespace: pod.namespace, name: pod.name), known.spec.uid == pod.uid else { return }
    Task { await self.stop(known, grace: known.spec.terminationGrace, remove: true) }
  }

  /// Prepares the pod's sandbox and runs its containers; a pod that cannot run is reported
  /// (status + event) and left Pending.
  private func run(_ runtime: PodRuntime) async {
    let writer = Task { await writeStatus(of: runtime) }
    state.withLock { $0.tasks.append(writer) }
    runtime.markDirty()
    do {
      let placement = try await prepareRetryingMounts(runtime)
      let accepted = runtime.state.withLock { state -> Bool in
        guard !state.stopping else { return false }
        state.placement = placement
        return true
      }
      guard accepted else { return await release(runtime, placement: placement) }
      logger.info(
        "pod started",
        metadata: [
          "runner.pod": "\(runtime.spec.key)", "runner.ip": "\(placement.podIP)", "runner.node": "\(runtime.node.name)",
        ])
      for container in runtime.spec.containers {
        let supervisor = Task { await self.supervise(container, of: runtime) }
        state.withLock { $0.tasks.append(supervisor) }
        if let readiness = container.readiness {
          let prober = Task { await self.probe(container.name, readiness, of: runtime) }
          state.withLock { $0.tasks.append(prober) }
        }
      }
    } catch {
      runtime.state.withLock { state in
        state.rejection = error
        for index in state.containers.indices {
          state.containers[index].phase = .waiting(reason: error.reason, message: error.message)
        }
      }
      runtime.markDirty()
      logger.warning(
        "pod cannot run", metadata: ["runner.pod": "\(runtime.spec.key)", "runner.reason": "\(error.reason)"])
      await postEvent(pod: runtime.spec, type: "Warning", reason: error.reason, message: error.message)
    }
  }

  /// `prepare`, again every 2 s while a volume's source is missing (a ConfigMap another
  /// controller has yet to write), as kubelet retries mounts; the wait shows as ContainerCreating
  /// with the reason in an event.
  private func prepareRetryingMounts(_ runtime: PodRuntime) async throws(PodRejection) -> PodRuntime.Placement {
    var reported = false
    while true {
      do {
        return try await prepare(runtime)
      } catch  where error.reason == "FailedMount" && !runtime.isStopping && !Task.isCancelled {
        if !reported {
          reported = true
          logger.info(
            "waiting for a volume", metadata: ["runner.pod": "\(runtime.spec.key)", "runner.why": "\(error.message)"])
          await postEvent(pod: runtime.spec, type: "Warning", reason: error.reason, message: error.message)
        }
        try? await Task.sleep(for: .seconds(2))
      }
    }
  }

  /// Plan, token, files and network for a pod; throws the reason it cannot run.
  private func prepare(_ runtime: PodRuntime) async throws(PodRejection) -> PodRuntime.Placement {
    let spec = runtime.spec
    let neighbours = state.withLock { $0.pods.values.filter { $0.node.name == runtime.node.name }.map(\.spec) }
    let plan: PodLaunchPlan
    switch PodLaunchPlan.make(pod: spec, resolver: resolver, podsOnNode: neighbours) {
    case .failure(let rejection): throw rejection
    case .success(let value): plan = value
    }
    guard let connection else { throw PodRejection(reason: "NodeNotReady", message: "the node runner is not started") }
    let token: String
    do {
      token = try await connection.client.requestToken(
        namespace: spec.namespace, serviceAccount: spec.serviceAccount, audiences: [], expirationSeconds: 86_400,
        boundPod: (spec.name, spec.uid)
      ).token
    } catch  where error.isNotFound {
      throw PodRejection(
        reason: "ServiceAccountNotFound",
        message: "service account \"\(spec.serviceAccount)\" not found in namespace \(spec.namespace); create it "
          + "(kubectl create serviceaccount \(spec.serviceAccount) -n \(spec.namespace)) and recreate the pod")
    } catch {
      throw PodRejection(reason: "TokenRequestFailed", message: "cannot get a service-account token: \(error.message)")
    }
    let resolv = PodLaunchPlan.resolvConf(
      namespace: spec.namespace, nameserver: config.dnsAddress ?? topology.bridgeAddress)
    let accountDirectory = "\(runtime.directory)/serviceaccount"
    do {
      let files = FileManager.default
      try files.createDirectory(atPath: accountDirectory, withIntermediateDirectories: true)
      try files.createDirectory(atPath: "\(runtime.directory)/logs", withIntermediateDirectories: true)
      try token.write(toFile: "\(accountDirectory)/token", atomically: true, encoding: .utf8)
      try connection.caCertificatePEM.write(toFile: "\(accountDirectory)/ca.crt", atomically: true, encoding: .utf8)
      try spec.namespace.write(toFile: "\(accountDirectory)/namespace", atomically: true, encoding: .utf8)
      try resolv.write(toFile: "\(runtime.directory)/resolv.conf", atomically: true, encoding: .utf8)
    } catch {
      throw PodRejection(reason: "CreatePodSandboxError", message: "cannot write the pod's files: \(error)")
    }
    var mounts: [String: [PodVolumes.Mount]] = [:]
    for container in spec.containers {
      mounts[container.name] = try spec.volumes.mounts(for: container, podDirectory: runtime.directory)
    }
    try await materialize(spec.volumes, of: runtime, client: connection.client)
    let (network, podIP) = try await attachNetwork(runtime)
    // hostNetwork pods share the node's identity, host name included, as on a real node.
    let sandbox = PodSandbox(
      netnsPath: "/var/run/netns/\(network?.netns ?? runtime.node.netns)", serviceAccountDirectory: accountDirectory,
      resolvConfPath: "\(runtime.directory)/resolv.conf", hostname: spec.hostNetwork ? runtime.node.name : spec.name)
    var environments: [String: [String: String]] = [:]
    for container in spec.containers {
      var env = PodLaunchPlan.environment(
        container: container, pod: spec, podIP: podIP, hostIP: runtime.node.address,
        apiHost: topology.bridgeAddress, apiPort: connection.apiPort)
      if let path = ProcessInfo.processInfo.environment["PATH"], container.env.allSatisfy({ $0.name != "PATH" }) {
        // The "image" is the host: its tools are found where the host finds them.
        env["PATH"] = path
      }
      environments[container.name] = env
    }
    return PodRuntime.Placement(
      network: network, podIP: podIP, sandbox: sandbox, plan: plan, environments: environments, mounts: mounts)
  }

  /// The pod's own netns and address, or the node's for `hostNetwork` pods.
  private func attachNetwork(_ runtime: PodRuntime) async throws(PodRejection) -> (PodNetworkPlan?, String) {
    let spec = runtime.spec
    if spec.hostNetwork { return (nil, runtime.node.address) }
    guard let address = state.withLock({ $0.addressPools[runtime.node.name]?.allocate() }) else {
      throw PodRejection(
        reason: "OutOfPodAddresses", message: "node \(runtime.node.name) has no free address in \(runtime.node.podCIDR)"
      )
    }
    let network = PodNetworkPlan(
      netns: topology.podNetns(namespace: spec.namespace, name: spec.name), node: runtime.node,
      nodeInterface: ClusterTopology.podInterface(namespace: spec.namespace, name: spec.name), address: address)
    do {
      try await HostCommand.apply(network.applySteps())
    } catch {
      _ = await HostCommand.applyAll(network.teardownSteps())
      state.withLock { $0.addressPools[runtime.node.name]?.release(address) }
      throw PodRejection(reason: "CreatePodSandboxError", message: error.message)
    }
    return (network, address)
  }

  /// Stops a pod's processes (SIGTERM, then SIGKILL after `grace`), removes its network and
  /// files, and with `remove` forgets it.
  func stop(_ runtime: PodRuntime, grace: Duration, remove: Bool) async {
    let (processes, placement) = runtime.state.withLock { state in
      state.stopping = true
      return (Array(state.processes.values), state.placement)
    }
    if remove {
      state.withLock { state in
        if state.pods[runtime.spec.key] === runtime { state.pods[runtime.spec.key] = nil }
      }
    }
    for process in processes { process.signal(SIGTERM) }
    if let network = placement?.network {
      await Self.killAll(inNetns: network.netns, grace: grace)
    } else {
      await Self.waitForExit(processes, grace: grace)
      for process in processes { process.signal(SIGKILL) }
    }
    for process in processes { _ = await process.exitCode() }
    runtime.finishStatusUpdates()
    if let placement { await release(runtime, placement: placement) }
    try? FileManager.default.removeItem(atPath: runtime.directory)
    logger.info("pod stopped", metadata: ["runner.pod": "\(runtime.spec.key)"])
  }

  private func release(_ runtime: PodRuntime, placement: PodRuntime.Placement) async {
    guard let network = placement.network else { return }
    let failures = await HostCommand.applyAll(network.teardownSteps())
    for failure in failures {
      logger.warning(
        "pod network teardown", metadata: ["runner.pod": "\(runtime.spec.key)", "runner.error": "\(failure)"])
    }
    state.withLock { $0.addressPools[runtime.node.name]?.release(network.address) }
  }

  private static func waitForExit(_ processes: [SandboxProcess], grace: Duration) async {
    let deadline = ContinuousClock.now + grace
    while processes.contains(where: \.isRunning), ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(50))
    }
  }

  /// SIGTERM to every process in the netns, SIGKILL to those left after `grace`.
  static func killAll(inNetns name: String, grace: Duration) async {
    func pids() async -> [Int32] {
      await HostCommand.run(["ip", "netns", "pids", name]).stdout.split(separator: "\n").compactMap { Int32($0) }
    }
    for pid in await pids() { kill(pid, SIGTERM) }
    let deadline = ContinuousClock.now + grace
    while ContinuousClock.now < deadline {
      if await pids().isEmpty { return }
      try? await Task.sleep(for: .milliseconds(100))
    }
    for pid in await pids() { kill(pid, SIGKILL) }
  }
}
