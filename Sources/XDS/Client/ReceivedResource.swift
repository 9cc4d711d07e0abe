import Foundation

/// A resource as pushed to an agent: name, version, aliases and the serialized payload.
public struct ReceivedResource: Sendable, Hashable {
  public let name: String
  public let version: String
  public let aliases: [String]
  public let payload: Data

  public init(name: String, version: String, aliases: [String], payload: Data) {
    self.name = name
    self.version = version
    self.aliases = aliases
    self.payload = payload
  }
}
