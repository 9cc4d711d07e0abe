/// What one container is doing, as its status reports it.
struct ContainerState: Sendable, Equatable {
  enum Phase: Sendable, Equatable {
    case waiting(reason: String, message: String?)
    case running(startedAt: String)
    case terminated(exitCode: Int32, reason: String, startedAt: String, finishedAt: String)
  }

  var name: String
  var image: String
  var phase: Phase
  var ready = false
  var restartCount = 0
  /// The previous run, once restarted (`lastState.terminated`).
  var lastTermination: Phase?

  var isRunning: Bool {
    if case .running = phase { return true }
    return false
  }

  var exitCode: Int32? {
    if case .terminated(let code, _, _, _) = phase { return code }
    return nil
  }
}
