import GRPCCore

/// A `DeltaDiscoveryResponse` already in wire form. Resources are encoded once in the cache and
/// copied into each subscriber's response, instead of being re-serialized per subscriber.
struct EncodedDeltaResponse: Sendable {
  let bytes: [UInt8]

  /// Field numbers from envoy/service/discovery/v3/discovery.proto (wire-facts §1):
  /// system_version_info=1, resources=2, type_url=4, nonce=5, removed_resources=6.
  init(typeURL: String, _ response: PendingResponse) {
    var out: [UInt8] = []
    out.reserveCapacity(response.resources.reduce(64 + typeURL.utf8.count) { $0 + $1.count + 4 })
    Self.field(1, Array(response.systemVersion.utf8), into: &out)
    for resource in response.resources { Self.field(2, resource, into: &out) }
    Self.field(4, Array(typeURL.utf8), into: &out)
    Self.field(5, Array(response.nonce.utf8), into: &out)
    for name in response.removed { Self.field(6, Array(name.utf8), into: &out) }
    bytes = out
  }

  private static func field(_ number: UInt64, _ payload: [UInt8], into out: inout [UInt8]) {
    varint(number << 3 | 2, into: &out)
    varint(UInt64(payload.count), into: &out)
    out.append(contentsOf: payload)
  }

  private static func varint(_ value: UInt64, into out: inout [UInt8]) {
    var v = value
    while v >= 0x80 {
      out.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    out.append(UInt8(v))
  }
}
