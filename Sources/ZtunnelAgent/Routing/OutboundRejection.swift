import Shared

/// Why an outbound connection is refused instead of routed. The message names the destination
/// and what is missing, so the log line is enough to fix the configuration.
public struct OutboundRejection: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Reason: String, Sendable, Hashable {
    /// The original destination is not an IP address.
    case invalidDestination
    /// 15001/15006/15008: proxying there would loop traffic into ztunnel.
    case reservedPort
    /// The service has no endpoint that is healthy (per its health policy), in the preferred
    /// locality (strict mode), and exposes the port.
    case noHealthyEndpoint
    /// A waypoint is configured but no waypoint workload is known.
    case waypointUnavailable
    /// The destination's identity cannot be formed, so its certificate could not be checked.
    case invalidIdentity
  }

  public var reason: Reason
  public var message: String
  public var destination: RouteDestination

  public init(_ reason: Reason, _ message: String, destination: RouteDestination = RouteDestination()) {
    self.reason = reason
    self.message = message
    self.destination = destination
  }

  public var description: String { "\(reason.rawValue): \(message)" }
}
