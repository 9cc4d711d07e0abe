/// Reads protobuf wire format (varints, fixed and length-delimited fields): just enough to decode
/// the Kubernetes objects kubectl sends as `application/vnd.kubernetes.protobuf`.
struct ProtobufReader {
  enum WireType: UInt64 {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case fixed32 = 5
  }

  struct Failure: Error { var reason: String }

  private let bytes: ArraySlice<UInt8>
  private var position: Int

  init(_ bytes: ArraySlice<UInt8>) {
    self.bytes = bytes
    self.position = bytes.startIndex
  }

  var isAtEnd: Bool { position >= bytes.endIndex }

  mutating func varint() throws(Failure) -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard position < bytes.endIndex else { throw Failure(reason: "truncated varint") }
      let byte = bytes[position]
      position += 1
      guard shift < 64 else { throw Failure(reason: "varint longer than 10 bytes") }
      result |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return result }
      shift += 7
    }
  }

  /// The next field's number and wire type.
  mutating func tag() throws(Failure) -> (field: Int, wireType: WireType) {
    let key = try varint()
    guard let wireType = WireType(rawValue: key & 7) else {
      throw Failure(reason: "unsupported wire type \(key & 7)")
    }
    return (Int(key >> 3), wireType)
  }

  mutating func lengthDelimited() throws(Failure) -> ArraySlice<UInt8> {
    let length = try varint()
    guard length <= UInt64(bytes.endIndex - position) else { throw Failure(reason: "truncated length-delimited field") }
    let slice = bytes[position..<position + Int(length)]
    position += Int(length)
    return slice
  }

  mutating func skip(_ wireType: WireType) throws(Failure) {
    switch wireType {
    case .varint: _ = try varint()
    case .lengthDelimited: _ = try lengthDelimited()
    case .fixed64, .fixed32:
      let size = wireType == .fixed64 ? 8 : 4
      guard bytes.endIndex - position >= size else { throw Failure(reason: "truncated fixed field") }
      position += size
    }
  }
}
