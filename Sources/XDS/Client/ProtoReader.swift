import Foundation

/// A minimal protobuf wire reader over one buffer: enough to walk the few fields of a Delta ADS
/// response without building SwiftProtobuf messages (and copies) for every resource.
struct ProtoReader {
  struct Malformed: Error, CustomStringConvertible {
    let at: Int
    var description: String { "malformed protobuf at byte \(at)" }
  }

  let bytes: UnsafeRawBufferPointer
  var offset: Int
  let end: Int

  init(_ bytes: UnsafeRawBufferPointer, from: Int = 0, to: Int? = nil) {
    self.bytes = bytes
    self.offset = from
    self.end = to ?? bytes.count
  }

  var atEnd: Bool { offset >= end }

  mutating func varint() throws -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while offset < end && shift < 64 {
      let byte = bytes[offset]
      offset += 1
      value |= UInt64(byte & 0x7f) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
    throw Malformed(at: offset)
  }

  /// The next field's number and wire type.
  mutating func tag() throws -> (field: UInt64, wireType: UInt64) {
    let key = try varint()
    return (key >> 3, key & 7)
  }

  /// The range of a length-delimited payload, and moves past it.
  mutating func lengthDelimited() throws -> Range<Int> {
    let length = Int(try varint())
    guard length >= 0, offset + length <= end else { throw Malformed(at: offset) }
    defer { offset += length }
    return offset..<(offset + length)
  }

  mutating func string() throws -> String {
    let range = try lengthDelimited()
    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
  }

  mutating func data() throws -> Data {
    Data(UnsafeRawBufferPointer(rebasing: bytes[try lengthDelimited()]))
  }

  /// Skips a field of the given wire type (unknown fields are ignored, as protobuf requires).
  mutating func skip(_ wireType: UInt64) throws {
    switch wireType {
    case 0: _ = try varint()
    case 1: offset += 8
    case 2: _ = try lengthDelimited()
    case 5: offset += 4
    default: throw Malformed(at: offset)
    }
    guard offset <= end else { throw Malformed(at: offset) }
  }
}
