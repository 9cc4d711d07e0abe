/// A `DeltaDiscoveryResponse` as the agent needs it: the envelope plus each resource's name,
/// version, aliases and payload bytes (still serialized, for the type's handler to decode).
public struct DecodedDeltaResponse: Sendable {
  public var systemVersionInfo = ""
  public var typeURL = ""
  public var nonce = ""
  public var removed: [String] = []
  /// Each resource with the type URL its `Any` declared.
  public var resources: [(typeURL: String, resource: ReceivedResource)] = []
}
