/// A response decided by `DeltaSubscription`, before encoding.
struct PendingResponse: Sendable, Equatable {
  let nonce: String
  /// Pre-encoded `envoy.service.discovery.v3.Resource` messages.
  let resources: [[UInt8]]
  let removed: [String]
  let systemVersion: String
}
