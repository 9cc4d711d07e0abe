import Foundation
import Kube
import NIOCore
import NIOSSL

/// Why a proxied request got no answer from the pod. Each becomes the 503 kube-apiserver's proxy
/// transport answers (`error trying to reach service: <Go's net error>`), worded like Go's errors
/// so scripts that match `connect: connection refused` work here as there.
enum PodProxyFailure: Error {
  /// The connection was not made (refused, unreachable, no answer in time).
  case dial(any Error)
  /// Sending the request or reading the answer failed (reset, bad HTTP, TLS).
  case exchange(any Error)
  /// The pod closed the connection before its answer was complete.
  case closedEarly
  /// No complete answer within the proxy's timeout.
  case timeout(Duration)
  /// The answer is larger than the proxy buffers.
  case tooLarge(limit: Int)
  /// The caller hung up first; nothing is written.
  case abandoned

  func apiError(_ target: PodProxyTarget) -> KubeAPIError {
    let address = target.hostPort
    let detail: String
    switch self {
    case .dial(let error):
      detail = "dial tcp \(address): \(Self.describe(error, operation: "connect"))"
    case .exchange(let error):
      if error is NIOSSLError {
        detail =
          "tls: handshake with \(address) failed (\(error)): if the port serves plain HTTP, leave `https:` out of "
          + "the pod id"
      } else {
        detail = "\(target.scheme.rawValue)://\(address): \(Self.describe(error, operation: "read"))"
      }
    case .closedEarly:
      detail = "EOF (\(address) closed the connection before a complete answer)"
    case .timeout(let limit):
      detail =
        "\(target.scheme.rawValue)://\(address): i/o timeout (no complete answer within \(limit.components.seconds) s)"
    case .tooLarge(let limit):
      detail =
        "the answer from \(address) is larger than the dev cluster's limit of \(limit >> 20) MiB (it buffers "
        + "proxied answers; fetch it from inside the pod with `kubectl exec`)"
    case .abandoned:
      detail = "the client closed the connection"
    }
    return KubeAPIError(.serviceUnavailable, "error trying to reach service: \(detail)")
  }

  /// Go's `op: message` for a socket error (`connect: connection refused`).
  private static func describe(_ error: any Error, operation: String) -> String {
    if let io = error as? IOError { return "\(operation): \(goErrno(io.errnoCode))" }
    if let channel = error as? ChannelError, case .connectTimeout = channel { return "i/o timeout" }
    return "\(error)"
  }

  /// `strerror` as Go's syscall package spells it: lower-case (`connection refused`).
  private static func goErrno(_ code: CInt) -> String {
    let text = String(cString: strerror(code))
    return text.prefix(1).lowercased() + text.dropFirst()
  }
}
