/// Why a key set could not be used, worded for a RequestAuthentication's status.
public struct JWKSError: Error, Sendable, Hashable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
