#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif
import Shared

/// The IP addresses configured on the interfaces of the calling thread's network namespace
/// (`getifaddrs(3)` answers for the namespace of the thread that calls it, which is what lets the
/// namespace executor look inside a pod).
enum InterfaceAddresses {
  static func current() throws(CaptureError) -> [IPAddress] {
    var head: UnsafeMutablePointer<ifaddrs>?
    guard getifaddrs(&head) == 0 else {
      throw CaptureError(.socket, "getifaddrs failed: \(SystemCall.lastError)")
    }
    defer { freeifaddrs(head) }
    var addresses: [IPAddress] = []
    var cursor = head
    while let entry = cursor {
      defer { cursor = entry.pointee.ifa_next }
      guard let raw = entry.pointee.ifa_addr else { continue }
      switch CInt(raw.pointee.sa_family) {
      case AF_INET:
        let value = UnsafeRawPointer(raw).load(as: sockaddr_in.self)
        if let address = try? IPAddress(bytes: withUnsafeBytes(of: value.sin_addr) { Array($0) }) {
          addresses.append(address)
        }
      case AF_INET6:
        let value = UnsafeRawPointer(raw).load(as: sockaddr_in6.self)
        if let address = try? IPAddress(bytes: withUnsafeBytes(of: value.sin6_addr) { Array($0) }) {
          addresses.append(address)
        }
      default:
        continue
      }
    }
    return addresses
  }
}
