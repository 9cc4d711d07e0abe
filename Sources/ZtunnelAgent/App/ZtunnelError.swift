/// A ztunnel that cannot start as configured, with what to change.
public struct ZtunnelError: Error, Sendable, CustomStringConvertible {
  public let message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
