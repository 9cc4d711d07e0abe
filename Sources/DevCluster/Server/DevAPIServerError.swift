/// The dev API server could not start: the message names what failed (state directory, journal,
/// certificates, the address to bind).
public struct DevAPIServerError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
