import Kube

/// Builds a pod's `status` from what the runner knows, the way kubelet reports it: phase,
/// addresses, conditions and one status per container. Pure, so the phase rules are testable.
enum PodStatusBuilder {
  struct Input: Sendable, Equatable {
    var podIP: String?
    var hostIP: String
    var startTime: String
    var restartPolicy: PodSpecView.RestartPolicy
    var containers: [ContainerState]
    /// Set when the pod cannot run at all (unsupported image, …): Pending with this reason.
    var rejection: PodRejection?
    var now: String
  }

  /// Pending until every container has started (or when rejected); Succeeded/Failed once all
  /// have terminated for good; otherwise Running (a container waiting to restart keeps it so).
  static func phase(_ input: Input) -> String {
    if input.rejection != nil { return "Pending" }
    let codes = input.containers.map(\.exitCode)
    if !codes.isEmpty, codes.allSatisfy({ $0 != nil }), !input.containers.contains(where: { willRestart($0, input) }) {
      return codes.allSatisfy({ $0 == 0 }) ? "Succeeded" : "Failed"
    }
    let everStarted = input.containers.allSatisfy { $0.isRunning || $0.exitCode != nil || $0.restartCount > 0 }
    return everStarted ? "Running" : "Pending"
  }

  private static func willRestart(_ container: ContainerState, _ input: Input) -> Bool {
    guard let code = container.exitCode else { return false }
    return input.restartPolicy.restarts(exitCode: code)
  }

  static func status(_ input: Input) -> JSONValue {
    let phase = phase(input)
    let allReady = !input.containers.isEmpty && input.containers.allSatisfy(\.ready) && input.rejection == nil
    func condition(_ type: String, _ value: Bool, reason: String? = nil, message: String? = nil) -> JSONValue {
      var entry: JSONValue = [
        "type": .string(type), "status": .string(value ? "True" : "False"), "lastProbeTime": nil,
        "lastTransitionTime": .string(input.now),
      ]
      if let reason { entry["reason"] = .string(reason) }
      if let message { entry["message"] = .string(message) }
      return entry
    }
    var status: JSONValue = [
      "phase": .string(phase),
      "hostIP": .string(input.hostIP),
      "hostIPs": [["ip": .string(input.hostIP)]],
      "startTime": .string(input.startTime),
      "qosClass": "BestEffort",
      "conditions": [
        condition("PodScheduled", true),
        condition("Initialized", true),
        condition(
          "ContainersReady", allReady, reason: allReady ? nil : "ContainersNotReady",
          message: allReady ? nil : input.rejection?.message),
        condition(
          "Ready", allReady, reason: allReady ? nil : "ContainersNotReady",
          message: allReady ? nil : input.rejection?.message),
      ],
      "containerStatuses": .array(input.containers.map(containerStatus)),
    ]
    if let podIP = input.podIP {
      status["podIP"] = .string(podIP)
      status["podIPs"] = [["ip": .string(podIP)]]
    }
    if let rejection = input.rejection {
      status["reason"] = .string(rejection.reason)
      status["message"] = .string(rejection.message)
    }
    return status
  }

  static func containerStatus(_ container: ContainerState) -> JSONValue {
    var entry: JSONValue = [
      "name": .string(container.name), "image": .string(container.image), "imageID": "",
      "ready": .bool(container.ready), "restartCount": .int(Int64(container.restartCount)),
      "started": .bool(container.isRunning), "state": state(container.phase),
      "lastState": container.lastTermination.map(state) ?? .object([:]),
    ]
    if case .running = container.phase { entry["containerID"] = .string("mdv://\(container.name)") }
    return entry
  }

  private static func state(_ phase: ContainerState.Phase) -> JSONValue {
    switch phase {
    case .waiting(let reason, let message):
      var waiting: JSONValue = ["reason": .string(reason)]
      if let message { waiting["message"] = .string(message) }
      return ["waiting": waiting]
    case .running(let startedAt):
      return ["running": ["startedAt": .string(startedAt)]]
    case .terminated(let code, let reason, let startedAt, let finishedAt):
      return [
        "terminated": [
          "exitCode": .int(Int64(code)), "reason": .string(reason), "startedAt": .string(startedAt),
          "finishedAt": .string(finishedAt),
        ]
      ]
    }
  }
}
