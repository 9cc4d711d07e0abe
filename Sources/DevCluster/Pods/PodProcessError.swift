/// Why an exec or log request cannot be served; `message` is what kubectl prints.
public struct PodProcessError: Error, Equatable, CustomStringConvertible {
  public enum Code: Sendable, Equatable {
    case podNotFound, containerNotFound, notRunning, commandNotFound, unavailable
  }
  public var code: Code
  public var message: String

  public init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  public var description: String { message }
}
