import Foundation
import Synchronization

/// One pod this runner has taken on: its placement, files, and the live state of its containers.
/// Shared by the container supervisors, the probes, the status writer and exec/logs.
final class PodRuntime: Sendable {
  let spec: PodSpecView
  let node: NodePlan
  /// `<stateDirectory>/pods/<namespace>_<name>_<uid>`.
  let directory: String

  /// Set once the sandbox is up.
  struct Placement: Sendable {
    var network: PodNetworkPlan?
    var podIP: String
    var sandbox: PodSandbox
    var plan: PodLaunchPlan
    var environments: [String: [String: String]]
    /// Volume binds per container.
    var mounts: [String: [PodVolumes.Mount]]
  }

  struct State: Sendable {
    var containers: [ContainerState]
    var processes: [String: SandboxProcess] = [:]
    var placement: Placement?
    var rejection: PodRejection?
    var stopping = false
    var startTime: String
  }

  let state: Mutex<State>
  private let dirtySignal: AsyncStream<Void>.Continuation
  let dirty: AsyncStream<Void>

  init(spec: PodSpecView, node: NodePlan, directory: String, now: String) {
    self.spec = spec
    self.node = node
    self.directory = directory
    let containers = spec.containers.map {
      ContainerState(name: $0.name, image: $0.image, phase: .waiting(reason: "ContainerCreating", message: nil))
    }
    state = Mutex(State(containers: containers, startTime: now))
    (dirty, dirtySignal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
  }

  /// Asks the status writer to publish the current state (coalesced).
  func markDirty() { dirtySignal.yield() }

  func finishStatusUpdates() { dirtySignal.finish() }

  var placement: Placement? { state.withLock { $0.placement } }

  var isStopping: Bool { state.withLock { $0.stopping } }

  func logPath(container: String) -> String { "\(directory)/logs/\(container).log" }

  /// Changes one container's state; marks the pod dirty when it changed.
  func updateContainer(_ name: String, _ change: (inout ContainerState) -> Void) {
    let changed = state.withLock { state -> Bool in
      guard let index = state.containers.firstIndex(where: { $0.name == name }) else { return false }
      let before = state.containers[index]
      change(&state.containers[index])
      return before != state.containers[index]
    }
    if changed { markDirty() }
  }

  func statusInput(now: String) -> PodStatusBuilder.Input {
    state.withLock { state in
      PodStatusBuilder.Input(
        podIP: state.placement?.podIP, hostIP: node.address, startTime: state.startTime,
        restartPolicy: spec.restartPolicy, containers: state.containers, rejection: state.rejection, now: now)
    }
  }
}
