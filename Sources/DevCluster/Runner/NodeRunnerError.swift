/// Why the node runner could not lay out the network or run a pod; the message names the
/// command or object and what to do about it.
public struct NodeRunnerError: Error, Equatable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
