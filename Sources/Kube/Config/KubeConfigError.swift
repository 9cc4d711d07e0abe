/// Why no usable API server configuration was found, naming the file or variable at fault.
public struct KubeConfigError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
