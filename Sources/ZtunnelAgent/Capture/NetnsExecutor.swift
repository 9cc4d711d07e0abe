import Dispatch
import Foundation
import Logging
import Synchronization

/// Runs closures on one dedicated thread that is switched into a pod's network namespace for
/// the duration of each closure and back into the host namespace afterwards.
///
/// Why a thread of its own: `setns(2)` moves only the calling thread, and a socket belongs to the
/// namespace of the thread that created it. Doing it on a Swift concurrency or event-loop thread
/// would leave that shared thread in a pod's namespace for whatever runs next on it. One serial
/// thread for all namespaces is enough: each closure only creates sockets (or lists interfaces),
/// which takes microseconds; the channels then live on ordinary event loops.
///
/// If the thread ever fails to return to the host namespace it stops and every later call fails
/// (`executorStopped`) rather than create a socket in the wrong namespace.
public final class NetnsExecutor: Sendable {
  private let worker: Worker

  /// Starts the thread. The host namespace is the process's (`/proc/self/ns/net`), captured now.
  public init(logger: Logger = Logger(label: "ztunnel.capture.netns")) throws(CaptureError) {
    let host = try NetworkNamespace(path: "/proc/self/ns/net")
    worker = Worker(host: host, logger: logger)
    let worker = self.worker
    let thread = Thread { worker.loop() }
    thread.name = "netns-executor"
    thread.start()
  }

  deinit { worker.stop() }

  /// The namespace the thread returns to after each closure.
  public var hostNamespace: NetworkNamespace { worker.host }

  /// Runs `body` on the executor thread while it is inside `ns`, and returns its result.
  public func run<T: Sendable>(
    in ns: NetworkNamespace, _ body: @escaping @Sendable () throws -> T
  ) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
      worker.enqueue(
        Worker.Job(
          namespace: ns,
          work: { continuation.resume(with: Result { try body() }) },
          fail: { continuation.resume(throwing: $0) }))
    }
  }

  /// Stops the thread once queued closures have run; later calls fail with `executorStopped`.
  public func shutdown() { worker.stop() }
}

extension NetnsExecutor {
  /// The queue and the thread's loop, kept apart from `NetnsExecutor` so the thread does not
  /// retain the executor (its `deinit` stops the thread).
  final class Worker: Sendable {
    struct Job: Sendable {
      let namespace: NetworkNamespace
      let work: @Sendable () -> Void
      let fail: @Sendable (any Error) -> Void
    }

    private struct State {
      var jobs: [Job] = []
      var next = 0
      var stopped = false
      /// Set when the thread could not return to the host namespace.
      var broken: String?
    }

    let host: NetworkNamespace
    private let logger: Logger
    private let state = Mutex(State())
    private let wakeups = DispatchSemaphore(value: 0)

    init(host: NetworkNamespace, logger: Logger) {
      self.host = host
      self.logger = logger
    }

    func enqueue(_ job: Job) {
      let refusal: String? = state.withLock { state in
        if let broken = state.broken { return broken }
        if state.stopped { return "the network namespace executor was shut down" }
        state.jobs.append(job)
        return nil
      }
      if let refusal {
        job.fail(CaptureError(.executorStopped, "cannot enter \(job.namespace): \(refusal)"))
      } else {
        wakeups.signal()
      }
    }

    func stop() {
      let wasRunning = state.withLock { state in
        defer { state.stopped = true }
        return !state.stopped
      }
      if wasRunning { wakeups.signal() }
    }

    /// Takes the next job, or nil when stopped and drained (or broken).
    private func take() -> Job? {
      state.withLock { state in
        guard state.broken == nil, state.next < state.jobs.count else { return nil }
        let job = state.jobs[state.next]
        state.next += 1
        if state.next > 64, state.next * 2 > state.jobs.count {
          state.jobs.removeFirst(state.next)
          state.next = 0
        }
        return job
      }
    }

    func loop() {
      while true {
        wakeups.wait()
        guard let job = take() else {
          let done = state.withLock { $0.stopped || $0.broken != nil }
          if done { return }
          continue
        }
        run(job)
        if state.withLock({ $0.broken != nil }) { return }
      }
    }

    private func run(_ job: Job) {
      do {
        try job.namespace.withDescriptor { fd throws(CaptureError) in
          try NamespaceSwitch.enter(fd, describing: job.namespace.description)
        }
      } catch {
        job.fail(error)
        return
      }
      job.work()
      do {
        try host.withDescriptor { fd throws(CaptureError) in
          try NamespaceSwitch.enter(fd, describing: "host \(host)")
        }
      } catch {
        markBroken("the executor thread could not return to the host network namespace: \(error)")
      }
    }

    /// Fails every queued job: the thread is in the wrong namespace and must not run them.
    private func markBroken(_ reason: String) {
      logger.critical(
        "network namespace executor stopped", metadata: ["capture.reason": .string(reason)])
      let pending: [Job] = state.withLock { state in
        state.broken = reason
        let rest = Array(state.jobs[state.next...])
        state.jobs = []
        state.next = 0
        return rest
      }
      for job in pending {
        job.fail(CaptureError(.executorStopped, "cannot enter \(job.namespace): \(reason)"))
      }
    }
  }
}
