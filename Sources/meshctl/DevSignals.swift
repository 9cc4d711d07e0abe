import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM, the way `dev up` and `dev httpbin` end. The signals are ignored
/// by default action first so the dispatch sources get them; children start with default
/// dispositions (`ChildProcess`), so pods still die of SIGTERM.
enum DevSignals {
  static func wait() async -> Int32 {
    await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
      let once = OnceFlag()
      for number in [SIGINT, SIGTERM] {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler {
          if once.take() { continuation.resume(returning: number) }
        }
        source.resume()
        DevSignals.keep(source)
      }
    }
  }

  /// Sources live for the whole process.
  nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
  private static let lock = NSLock()
  private static func keep(_ source: any DispatchSourceSignal) {
    lock.lock()
    sources.append(source)
    lock.unlock()
  }
}

/// True exactly once.
private final class OnceFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var taken = false

  func take() -> Bool {
    lock.lock()
    defer { lock.unlock() }
    if taken { return false }
    taken = true
    return true
  }
}
