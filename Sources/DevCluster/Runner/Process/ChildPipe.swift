import Foundation
import Glibc

/// A pipe for a child's stdio, close-on-exec at birth so no other child (ours or one Foundation
/// starts on another thread) inherits an end and keeps the reader from ever seeing EOF.
public struct ChildPipe: Sendable {
  public let readEnd: Int32
  public let writeEnd: Int32

  public init() throws(ChildProcessError) {
    var fds: [Int32] = [-1, -1]
    let result = fds.withUnsafeMutableBufferPointer { buffer -> Int32 in
      if let pipe2 = SpawnSymbols.pipe2 { return pipe2(buffer.baseAddress!, O_CLOEXEC) }
      guard pipe(buffer.baseAddress!) == 0 else { return -1 }
      _ = fcntl(buffer[0], F_SETFD, FD_CLOEXEC)
      _ = fcntl(buffer[1], F_SETFD, FD_CLOEXEC)
      return 0
    }
    guard result == 0 else { throw ChildProcessError("cannot create a pipe: \(String(cString: strerror(errno)))") }
    readEnd = fds[0]
    writeEnd = fds[1]
  }

  /// Reads `descriptor` on a thread of its own (reads block; Swift's cooperative pool must not)
  /// until EOF, yielding chunks, then closes it and finishes the stream.
  public static func stream(_ descriptor: Int32) -> AsyncStream<[UInt8]> {
    let (stream, sink) = AsyncStream<[UInt8]>.makeStream()
    Thread.detachNewThread {
      var buffer = [UInt8](repeating: 0, count: 65_536)
      while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 {
          sink.yield(Array(buffer[0..<count]))
        } else if count < 0 && errno == EINTR {
          continue
        } else {
          break
        }
      }
      close(descriptor)
      sink.finish()
    }
    return stream
  }

  /// Writes all of `bytes` (blocking); false when the reader is gone.
  public static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { return false }
      offset += count
    }
    return true
  }
}
