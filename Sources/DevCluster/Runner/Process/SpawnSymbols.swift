import Glibc

/// glibc functions Swift's Glibc module does not import (they need `_GNU_SOURCE`), looked up once.
/// Both exist since glibc 2.34 (Debian 12 ships 2.36).
enum SpawnSymbols {
  typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
  typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

  /// `posix_spawn_file_actions_addclosefrom_np`: the child closes every descriptor from the given
  /// one up as it execs, whatever other threads opened meanwhile.
  static let closeFrom: CloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
  /// `pipe2`, for pipes that are close-on-exec from the moment they exist.
  static let pipe2: Pipe2? = symbol("pipe2")

  private static func symbol<F>(_ name: String) -> F? {
    guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
    return unsafeBitCast(address, to: F.self)
  }
}
