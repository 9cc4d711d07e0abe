/// A failure while capturing a pod's traffic, with a message that names the network namespace,
/// the command or the socket call involved, so an operator can reproduce it by hand
/// (`nsenter --net=<path> iptables-save`, `ip netns exec`, ...).
public struct CaptureError: Error, Hashable, Sendable, CustomStringConvertible {
  public enum Code: String, Hashable, Sendable {
    /// The network namespace path could not be opened or inspected (pod gone, wrong path, not root).
    case namespaceUnavailable
    /// `setns(2)` into or back out of a network namespace failed.
    case namespaceSwitch
    /// The namespace executor was shut down, or its thread could not return to the host namespace.
    case executorStopped
    /// A socket call (socket, setsockopt, bind, listen, getsockopt) failed.
    case socket
    /// An address given to the capture code is not usable (bad IP text, wrong family).
    case invalidAddress
    /// `iptables-save` / `iptables-restore` failed inside the pod's namespace.
    case rules
  }

  public let code: Code
  public let message: String

  public init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  public var description: String { message }
}
