import GRPCCore
import Shared

/// Reads only what a subscriber must to ACK (type_url, nonce, system_version_info) and skips the
/// resources: the light subscribers of `xds-bench clients --light` then cost little, so the
/// figure measures the server rather than 100 agents' decoding sharing its two cores.
struct EnvelopeOnlyDeserializer: MessageDeserializer {
  struct Malformed: Error {}

  func deserialize<Bytes: GRPCContiguousBytes>(
    _ serializedMessageBytes: Bytes
  ) throws
    -> Envoy_Service_Discovery_V3_DeltaDiscoveryResponse
  {
    try serializedMessageBytes.withUnsafeBytes { raw in
      var response = Envoy_Service_Discovery_V3_DeltaDiscoveryResponse()
      var i = 0
      func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while i < raw.count {
          let byte = raw[i]
          i += 1
          value |= UInt64(byte & 0x7f) << shift
          if byte < 0x80 { return value }
          shift += 7
        }
        throw Malformed()
      }
      while i < raw.count {
        let key = try varint()
        switch key & 7 {
        case 0: _ = try varint()
        case 2:
          let length = Int(try varint())
          guard i + length <= raw.count else { throw Malformed() }
          let text = { String(decoding: UnsafeRawBufferPointer(rebasing: raw[i..<(i + length)]), as: UTF8.self) }
          switch key >> 3 {
          case 1: response.systemVersionInfo = text()
          case 4: response.typeURL = text()
          case 5: response.nonce = text()
          default: break
          }
          i += length
        default: throw Malformed()
        }
      }
      return response
    }
  }
}
