import Foundation
import Kube

/// Container processes, their restarts and readiness, and the status they add up to.
extension NodeRunner {
  /// Runs one container until the pod stops or it exits for good under the restart policy,
  /// restarting with doubling backoff (1 s up to `maxRestartBackoff`, reset after 60 s of running).
  func supervise(_ container: ContainerSpec, of runtime: PodRuntime) async {
    var backoff = Duration.seconds(1)
    while !runtime.isStopping, !Task.isCancelled {
      guard let placement = runtime.placement,
        let argv = placement.plan.containers.first(where: { $0.name == container.name })?.argv
      else { return }
      let started = ContinuousClock.now
      let startedAt = Self.now()
      let process: SandboxProcess
      do {
        process = try SandboxProcess.start(
          placement.sandbox.argv(argv, mounts: placement.mounts[container.name] ?? []),
          environment: placement.environments[container.name] ?? [:],
          workingDirectory: container.workingDir, output: .logFile(runtime.logPath(container: container.name)))
      } catch {
        runtime.updateContainer(container.name) {
          $0.phase = .waiting(reason: "RunContainerError", message: error.message)
        }
        await postEvent(pod: runtime.spec, type: "Warning", reason: "Failed", message: error.message)
        return
      }
      let registered = runtime.state.withLock { state -> Bool in
        guard !state.stopping else { return false }
        state.processes[container.name] = process
        return true
      }
      guard registered else {
        process.signal(SIGKILL)
        return
      }
      runtime.updateContainer(container.name) {
        $0.phase = .running(startedAt: startedAt)
        $0.ready = container.readiness == nil
      }
      let code = await process.exitCode()
      let finishedAt = Self.now()
      let terminated = ContainerState.Phase.terminated(
        exitCode: code, reason: code == 0 ? "Completed" : "Error", startedAt: startedAt, finishedAt: finishedAt)
      logger.info(
        "container exited",
        metadata: [
          "runner.pod": "\(runtime.spec.key)", "runner.container": "\(container.name)", "runner.exit": "\(code)",
        ])
      guard !runtime.isStopping, runtime.spec.restartPolicy.restarts(exitCode: code) else {
        runtime.updateContainer(container.name) {
          $0.phase = terminated
          $0.ready = false
        }
        return
      }
      if ContinuousClock.now - started > .seconds(60) { backoff = .seconds(1) }
      runtime.updateContainer(container.name) {
        $0.phase = .waiting(reason: "CrashLoopBackOff", message: "back-off \(backoff) restarting failed container")
        $0.lastTermination = terminated
        $0.ready = false
      }
      try? await Task.sleep(for: backoff)
      backoff = min(backoff * 2, config.maxRestartBackoff)
      runtime.updateContainer(container.name) { $0.restartCount += 1 }
    }
  }

  /// Runs the readiness probe from the node's netns (where kubelet's probes come from) and
  /// reports Ready while it passes.
  func probe(_ container: String, _ readiness: ContainerSpec.Readiness, of runtime: PodRuntime) async {
    try? await Task.sleep(for: readiness.initialDelay)
    while !runtime.isStopping, !Task.isCancelled {
      let running = runtime.state.withLock { $0.containers.first { $0.name == container }?.isRunning ?? false }
      if running, let podIP = runtime.placement?.podIP {
        let passed = await Self.check(readiness.probe, address: podIP, fromNetns: runtime.node.netns)
        runtime.updateContainer(container) { if $0.isRunning { $0.ready = passed } }
      }
      // Probe quickly until first Ready so pods become ready promptly, then at the spec's period.
      let ready = runtime.state.withLock { $0.containers.first { $0.name == container }?.ready ?? false }
      try? await Task.sleep(for: ready ? readiness.period : min(readiness.period, .milliseconds(500)))
    }
  }

  /// One probe: HTTP status 200–399, or a TCP connect, within a second.
  static func check(_ probe: ContainerSpec.Probe, address: String, fromNetns netns: String) async -> Bool {
    let enter = ["nsenter", "--net=/var/run/netns/\(netns)", "--"]
    switch probe {
    case .httpGet(let port, let path):
      let url = "http://\(address):\(port)\(path.hasPrefix("/") ? path : "/" + path)"
      let output = await HostCommand.run(
        enter + ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "1", url])
      guard let status = Int(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else { return false }
      return (200..<400).contains(status)
    case .tcpSocket(let port):
      let output = await HostCommand.run(
        enter + ["timeout", "1", "bash", "-c", "exec 3<>/dev/tcp/\(address)/\(port)"])
      return output.status == 0
    }
  }

  /// Publishes the pod's status whenever it changed, until the pod stops.
  func writeStatus(of runtime: PodRuntime) async {
    for await _ in runtime.dirty {
      guard let client = connection?.client, !runtime.isStopping else { continue }
      let status = PodStatusBuilder.status(runtime.statusInput(now: Self.now()))
      do {
        _ = try await client.patch(
          .pod, namespace: runtime.spec.namespace, name: runtime.spec.name, patch: ["status": status], status: true)
      } catch  where error.isNotFound {
        return
      } catch {
        logger.warning(
          "cannot write pod status",
          metadata: ["runner.pod": "\(runtime.spec.key)", "runner.error": "\(error.message)"])
      }
    }
  }
}
