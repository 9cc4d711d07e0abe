/// The journal under `<stateDirectory>/data` cannot be read or written; the message names the file
/// and, for a corrupt record, its line.
public struct JournalError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
