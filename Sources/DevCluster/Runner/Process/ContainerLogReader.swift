import Foundation

/// Serves a container's log file: the whole file or its last lines, then (with `follow`) what
/// is appended while the container runs.
enum ContainerLogReader {
  static func stream(
    path: String, tailLines: Int?, follow: Bool, into sink: AsyncStream<[UInt8]>.Continuation,
    running: @escaping @Sendable () -> Bool
  ) async {
    defer { sink.finish() }
    guard let handle = FileHandle(forReadingAtPath: path) else { return }
    defer { try? handle.close() }
    let existing = (try? handle.readToEnd()) ?? Data()
    let initial = tail(Array(existing), lines: tailLines)
    if !initial.isEmpty { sink.yield(initial) }
    guard follow else { return }
    while !Task.isCancelled {
      let more = handle.availableData
      if !more.isEmpty {
        sink.yield(Array(more))
        continue
      }
      guard running() else {
        // One last read: output written just before the exit.
        let last = handle.availableData
        if !last.isEmpty { sink.yield(Array(last)) }
        return
      }
      try? await Task.sleep(for: .milliseconds(200))
    }
  }

  /// The last `lines` lines of `bytes` (all of them for nil).
  static func tail(_ bytes: [UInt8], lines: Int?) -> [UInt8] {
    guard let lines else { return bytes }
    guard lines > 0 else { return [] }
    var end = bytes.count
    if end > 0, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
    var seen = 0
    var index = end
    while index > 0 {
      if bytes[index - 1] == UInt8(ascii: "\n") {
        seen += 1
        if seen == lines { return Array(bytes[index...]) }
      }
      index -= 1
    }
    return bytes
  }
}
