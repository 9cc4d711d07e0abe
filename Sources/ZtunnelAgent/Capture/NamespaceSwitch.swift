#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// `setns(2)` for network namespaces. Swift's Glibc module does not export `setns` (it sits
/// behind `_GNU_SOURCE` in `<sched.h>`), so it is looked up once with `dlsym` and called through a
/// C function pointer — the C calling convention, unlike an `@_silgen_name` declaration.
enum NamespaceSwitch {
  /// `CLONE_NEWNET` from `<linux/sched.h>`: restricts `setns` to network namespace descriptors.
  static let cloneNewNet: CInt = 0x4000_0000

  private typealias SetnsFunction = @convention(c) (CInt, CInt) -> CInt

  private static let setnsFunction: SetnsFunction? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setns") else { return nil }
    return unsafeBitCast(symbol, to: SetnsFunction.self)
  }()

  /// Moves the calling thread into the network namespace open at `fd`; only this thread moves.
  static func enter(_ fd: CInt, describing what: String) throws(CaptureError) {
    guard let setns = setnsFunction else {
      throw CaptureError(.namespaceSwitch, "setns(2) is not available in this C library; cannot enter \(what)")
    }
    guard setns(fd, cloneNewNet) == 0 else {
      throw CaptureError(.namespaceSwitch, "setns into network namespace \(what) failed: \(SystemCall.lastError)")
    }
  }
}
