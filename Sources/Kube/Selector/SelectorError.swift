/// A label or field selector that cannot be parsed or is not supported, naming the offending term; the
/// API server returns it as a `400 BadRequest` Status.
public struct SelectorError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
