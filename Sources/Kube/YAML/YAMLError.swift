/// A YAML document that cannot be read as JSON-shaped data, with the position when known.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
