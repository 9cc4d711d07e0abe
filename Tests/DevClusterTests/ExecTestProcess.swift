import DevCluster
import Foundation
import Synchronization

/// One command as a host process behind a `PodExecSession`: pipes for stdin, stdout and stderr,
/// its exit status (128 + signal when killed), and termination when the client leaves. A
/// `ChildProcess`, as in the node runner: Foundation's `Process` lets concurrently started children
/// inherit each other's pipes and exit sockets (see `ChildProcess`).
enum ExecTestProcess {
  static func start(_ command: [String], stdin: Bool) throws -> PodExecSession {
    let input = stdin ? try ChildPipe() : nil
    let output = try ChildPipe()
    let errors = try ChildPipe()
    let child = try ChildProcess.spawn(
      command, stdin: input?.readEnd, stdout: output.writeEnd, stderr: errors.writeEnd)
    // Only the child keeps these ends: the streams end when it (and what it started) is done.
    close(output.writeEnd)
    close(errors.writeEnd)
    if let input { close(input.readEnd) }
    let writer = Mutex<Int32>(input?.writeEnd ?? -1)
    return PodExecSession(
      writeStdin: { bytes in
        // Pipe writes block; keep them off Swift's cooperative threads.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
          Thread.detachNewThread {
            writer.withLock { descriptor in
              guard descriptor >= 0 else { return }
              if let bytes, ChildPipe.write(bytes, to: descriptor) { return }
              close(descriptor)
              descriptor = -1
            }
            done.resume()
          }
        }
      },
      stdout: ChildPipe.stream(output.readEnd), stderr: ChildPipe.stream(errors.readEnd),
      exitCode: { await child.exitCode() }, terminate: { child.signal(SIGTERM) })
  }
}

/// A container's output as the node runner keeps it: everything so far, plus followers that get
/// new output until the container's main process exits.
final class ExecTestContainerLog: Sendable {
  private struct State {
    var bytes: [UInt8] = []
    var finished = false
    var followers: [UUID: AsyncStream<[UInt8]>.Continuation] = [:]
  }
  private let state = Mutex(State())

  func append(_ bytes: [UInt8]) {
    let followers = state.withLock { state in
      state.bytes += bytes
      return Array(state.followers.values)
    }
    for follower in followers { follower.yield(bytes) }
  }

  func finish() {
    let followers = state.withLock { state in
      state.finished = true
      defer { state.followers = [:] }
      return Array(state.followers.values)
    }
    for follower in followers { follower.finish() }
  }

  func stream(follow: Bool, tailLines: Int?) -> AsyncStream<[UInt8]> {
    let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
    let id = UUID()
    state.withLock { state in
      continuation.yield(Self.tail(state.bytes, lines: tailLines))
      if follow, !state.finished {
        state.followers[id] = continuation
      } else {
        continuation.finish()
      }
    }
    continuation.onTermination = { [weak self] _ in
      _ = self?.state.withLock { $0.followers.removeValue(forKey: id) }
    }
    return stream
  }

  /// The last `lines` lines (a trailing newline ends the last line, it does not start another).
  static func tail(_ bytes: [UInt8], lines: Int?) -> [UInt8] {
    guard let lines else { return bytes }
    var newlines = 0
    var index = bytes.endIndex
    if bytes.last == UInt8(ascii: "\n") { index -= 1 }
    while index > bytes.startIndex {
      if bytes[index - 1] == UInt8(ascii: "\n") {
        newlines += 1
        if newlines == lines { return Array(bytes[index...]) }
      }
      index -= 1
    }
    return lines == 0 ? [] : bytes
  }
}
