import SwiftProtobuf

/// One resource as the control plane hands it to the cache: its xDS name, lookup aliases, the
/// serialized payload message, and optionally the nodes allowed to see it.
public struct XDSResource: Sendable {
  public var name: String
  public var aliases: [String]
  /// The serialized inner message (e.g. an `istio.workload.Address`).
  public var payload: [UInt8]
  /// nil: every subscriber; otherwise only subscribers on these nodes (per-node views).
  public var nodes: Set<String>?

  public init(name: String, aliases: [String] = [], payload: [UInt8], nodes: Set<String>? = nil) {
    self.name = name
    self.aliases = aliases
    self.payload = payload
    self.nodes = nodes
  }

  public init(
    name: String, aliases: [String] = [], message: some SwiftProtobuf.Message, nodes: Set<String>? = nil
  ) throws {
    self.init(name: name, aliases: aliases, payload: try message.serializedBytes(), nodes: nodes)
  }
}
