/// Why the dev cluster cannot start or stop; the message says what to do about it.
public struct DevClusterError: Error, Equatable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
