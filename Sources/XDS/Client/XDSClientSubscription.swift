/// What a client subscribes to for one type URL.
public struct XDSClientSubscription: Sendable {
  public enum Mode: Sendable, Hashable {
    /// Everything the server has for this subscriber.
    case wildcard
    /// Only names asked for with `DeltaADSClient.subscribe` (ztunnel's on-demand lookups).
    case onDemand
  }

  public let typeURL: String
  public let mode: Mode
  public let handler: any XDSTypeHandler

  public init(typeURL: String, mode: Mode = .wildcard, handler: any XDSTypeHandler) {
    self.typeURL = typeURL
    self.mode = mode
    self.handler = handler
  }
}
