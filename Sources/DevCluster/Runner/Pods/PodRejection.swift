/// Why a pod cannot run here: it stays Pending with this reason on its container statuses and
/// in a Warning event, and nothing else is disturbed.
public struct PodRejection: Sendable, Equatable, Error {
  /// `ImageNotSupported`, `HostPortConflict`, `ServiceAccountNotFound`, …
  public var reason: String
  public var message: String

  public init(reason: String, message: String) {
    self.reason = reason
    self.message = message
  }
}
