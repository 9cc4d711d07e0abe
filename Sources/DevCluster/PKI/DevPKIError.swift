/// Why the dev cluster's certificates, keys, tokens or kubeconfig could not be loaded or written.
/// The message names the file and what to do about it (usually: fix the permissions, or delete
/// the file so that it is generated again).
public struct DevPKIError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
