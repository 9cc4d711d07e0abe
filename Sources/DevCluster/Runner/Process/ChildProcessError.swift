/// Why a child process could not be started; the message names the command and the system error.
public struct ChildProcessError: Error, Equatable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
