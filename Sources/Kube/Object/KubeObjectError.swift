/// A document that is not a usable Kubernetes object, with the reason.
public struct KubeObjectError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
