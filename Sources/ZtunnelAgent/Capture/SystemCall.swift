#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Thin helpers around libc calls whose names clash with methods (`close`) or whose failure
/// needs `errno` as text in an error message.
enum SystemCall {
  static func describe(errno code: CInt) -> String {
    "\(String(cString: strerror(code))) (errno \(code))"
  }

  /// The calling thread's current `errno`, as text.
  static var lastError: String { describe(errno: errno) }

  static func close(_ fd: CInt) {
    #if canImport(Glibc)
      _ = Glibc.close(fd)
    #elseif canImport(Musl)
      _ = Musl.close(fd)
    #endif
  }

  static func bind(_ fd: CInt, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> CInt {
    #if canImport(Glibc)
      Glibc.bind(fd, address, length)
    #elseif canImport(Musl)
      Musl.bind(fd, address, length)
    #endif
  }
}
