import Foundation
import GRPCCore

/// Decodes `envoy.service.discovery.v3.DeltaDiscoveryResponse` straight into
/// `DecodedDeltaResponse` (field numbers from wire-facts §1), copying each payload once.
/// `skipResources` reads only the envelope (for subscribers that just ACK).
public struct DeltaResponseDeserializer: MessageDeserializer {
  public let skipResources: Bool

  public init(skipResources: Bool = false) { self.skipResources = skipResources }

  public func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> DecodedDeltaResponse {
    try serializedMessageBytes.withUnsafeBytes { try decode($0) }
  }

  func decode(_ raw: UnsafeRawBufferPointer) throws -> DecodedDeltaResponse {
    var out = DecodedDeltaResponse()
    var reader = ProtoReader(raw)
    while !reader.atEnd {
      let (field, wireType) = try reader.tag()
      switch (field, wireType) {
      case (1, 2): out.systemVersionInfo = try reader.string()
      case (2, 2):
        let range = try reader.lengthDelimited()
        if !skipResources { out.resources.append(try Self.resource(raw, range)) }
      case (4, 2): out.typeURL = try reader.string()
      case (5, 2): out.nonce = try reader.string()
      case (6, 2): out.removed.append(try reader.string())
      default: try reader.skip(wireType)
      }
    }
    return out
  }

  /// `Resource`: version=1, resource=2 (Any: type_url=1, value=2), name=3, aliases=4.
  private static func resource(
    _ raw: UnsafeRawBufferPointer, _ range: Range<Int>
  ) throws
    -> (typeURL: String, resource: ReceivedResource)
  {
    var reader = ProtoReader(raw, from: range.lowerBound, to: range.upperBound)
    var version = ""
    var name = ""
    var aliases: [String] = []
    var typeURL = ""
    var payload = Data()
    while !reader.atEnd {
      let (field, wireType) = try reader.tag()
      switch (field, wireType) {
      case (1, 2): version = try reader.string()
      case (2, 2):
        let any = try reader.lengthDelimited()
        var inner = ProtoReader(raw, from: any.lowerBound, to: any.upperBound)
        while !inner.atEnd {
          let (f, w) = try inner.tag()
          switch (f, w) {
          case (1, 2): typeURL = try inner.string()
          case (2, 2): payload = try inner.data()
          default: try inner.skip(w)
          }
        }
      case (3, 2): name = try reader.string()
      case (4, 2): aliases.append(try reader.string())
      default: try reader.skip(wireType)
      }
    }
    return (typeURL, ReceivedResource(name: name, version: version, aliases: aliases, payload: payload))
  }
}
