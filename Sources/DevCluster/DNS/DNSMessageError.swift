/// A DNS message that cannot be read: the offset and what was wrong there.
public struct DNSMessageError: Error, Hashable, CustomStringConvertible {
  public var offset: Int
  public var reason: String

  public init(offset: Int, _ reason: String) {
    self.offset = offset
    self.reason = reason
  }

  public var description: String { "malformed DNS message at byte \(offset): \(reason)" }
}
