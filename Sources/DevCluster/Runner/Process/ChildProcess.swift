import Foundation
import Glibc

/// A process started with `posix_spawn` and reaped by a thread of its own.
///
/// Why not Foundation's `Process`: on Linux it emulates close-on-exec by listing the open
/// descriptors just before spawning, and detects exit through a socketpair end the child holds.
/// A child spawned on another thread in that window inherits the new pipes and that socket end,
/// so a long-lived container could keep an exec's output open and its exit unseen (reaped only
/// once the container ends: a zombie meanwhile). Here the child closes every descriptor from 3 up
/// as it execs (`posix_spawn_file_actions_addclosefrom_np`), our pipes are close-on-exec from
/// birth, and exit comes from `waitpid` on this one pid.
public final class ChildProcess: Sendable {
  public let pid: pid_t
  private let status = ExitStatus()

  /// Runs `argv` through `/usr/bin/env` (so `argv[0]` is looked up in the child's `PATH`), in a
  /// process group of its own, with default signal dispositions and an empty signal mask, and
  /// only `stdin`/`stdout`/`stderr` open (nil: `/dev/null`). The caller keeps its descriptors and
  /// closes them when it likes; the child has its own copies.
  public static func spawn(
    _ argv: [String], environment: [String: String]? = nil, workingDirectory: String? = nil,
    stdin: Int32? = nil, stdout: Int32? = nil, stderr: Int32? = nil
  ) throws(ChildProcessError) -> ChildProcess {
    _ = ignoreBrokenPipes
    guard let closeFrom = SpawnSymbols.closeFrom else {
      throw ChildProcessError("this libc lacks posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later needed)")
    }
    let null = open("/dev/null", O_RDWR | O_CLOEXEC)
    guard null >= 0 else { throw ChildProcessError("cannot open /dev/null: \(String(cString: strerror(errno)))") }
    defer { close(null) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for (source, target) in [(stdin ?? null, Int32(0)), (stdout ?? null, 1), (stderr ?? null, 2)] {
      posix_spawn_file_actions_adddup2(&actions, source, target)
    }
    _ = closeFrom(&actions, 3)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigfillset(&defaults)
    sigdelset(&defaults, SIGKILL)
    sigdelset(&defaults, SIGSTOP)
    var mask = sigset_t()
    sigemptyset(&mask)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &mask)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

    var arguments = ["/usr/bin/env"]
    if let workingDirectory { arguments += ["--chdir=\(workingDirectory)"] }
    arguments += argv
    let environmentLines = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
    var pid: pid_t = 0
    let result = withCStrings(arguments) { argvPointer in
      withCStrings(environmentLines) { envPointer in
        posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argvPointer, envPointer)
      }
    }
    guard result == 0 else {
      throw ChildProcessError("cannot start \(argv.joined(separator: " ")): \(String(cString: strerror(result)))")
    }
    let child = ChildProcess(pid: pid)
    let status = child.status
    let spawned = pid
    Thread.detachNewThread {
      var raw: Int32 = 0
      while waitpid(spawned, &raw, 0) == -1 && errno == EINTR {}
      // WIFEXITED / WEXITSTATUS / WTERMSIG spelled out: Swift does not import the macros.
      let signal = raw & 0x7f
      status.set(signal == 0 ? (raw >> 8) & 0xff : 128 + signal)
    }
    return child
  }

  private init(pid: pid_t) { self.pid = pid }

  /// The exit code, 128 + the signal for a process killed by one.
  public func exitCode() async -> Int32 { await status.wait() }

  /// The same, blocking the calling thread (never call it on Swift's cooperative pool).
  public func waitBlocking() -> Int32 { status.waitBlocking() }

  /// The exit code once known.
  public var exitCodeIfDone: Int32? { status.code }

  public var isRunning: Bool { status.code == nil }

  /// Sends `number` while the process is unreaped (never to a pid the system may have reused).
  public func signal(_ number: Int32) {
    guard isRunning else { return }
    kill(pid, number)
  }

  /// Writes to a pipe whose reader left must fail with EPIPE, not kill this process.
  private static let ignoreBrokenPipes: Void = { _ = Glibc.signal(SIGPIPE, SIG_IGN) }()

  private static func withCStrings<R>(
    _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R
  ) -> R {
    let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
  }
}
