import Kube

/// A waypoint write that failed: which object, which step, and what the API server said.
///
/// The controller's caller retries on its next event or resync; the message is what goes in the
/// log, so it names the Gateway and the object being written.
public struct WaypointControllerError: Error, Sendable, Hashable, CustomStringConvertible {
  public let message: String
  /// The API server's answer, when it gave one.
  public let cause: KubeAPIError?

  public init(_ message: String, cause: KubeAPIError? = nil) {
    self.message = message
    self.cause = cause
  }

  public var description: String {
    guard let cause else { return message }
    return "\(message): \(cause)"
  }
}
