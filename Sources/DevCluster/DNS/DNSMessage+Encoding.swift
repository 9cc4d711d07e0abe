/// Writing RFC 1035 wire format. Names are written uncompressed: simpler, and responses here
/// are small.
extension DNSMessage {
  public func encoded() throws(DNSMessageError) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(128)
    Self.append16(id, to: &out)
    var flags = UInt16(opcode & 0xF) << 11 | UInt16(responseCode.rawValue)
    if isResponse { flags |= 0x8000 }
    if isAuthoritative { flags |= 0x0400 }
    if isTruncated { flags |= 0x0200 }
    if recursionDesired { flags |= 0x0100 }
    if recursionAvailable { flags |= 0x0080 }
    Self.append16(flags, to: &out)
    for count in [questions.count, answers.count, authorities.count, additionals.count] {
      Self.append16(UInt16(count), to: &out)
    }
    for question in questions {
      try Self.appendName(question.name, to: &out)
      Self.append16(question.type.rawValue, to: &out)
      Self.append16(question.recordClass, to: &out)
    }
    for record in answers + authorities + additionals {
      try Self.appendName(record.name, to: &out)
      Self.append16(record.type.rawValue, to: &out)
      Self.append16(record.recordClass, to: &out)
      Self.append16(UInt16(record.ttl >> 16), to: &out)
      Self.append16(UInt16(record.ttl & 0xFFFF), to: &out)
      guard record.data.count <= Int(UInt16.max) else {
        throw DNSMessageError(offset: out.count, "record data of \(record.data.count) bytes is too long")
      }
      Self.append16(UInt16(record.data.count), to: &out)
      out += record.data
    }
    return out
  }

  static func append16(_ value: UInt16, to out: inout [UInt8]) {
    out.append(UInt8(value >> 8))
    out.append(UInt8(value & 0xFF))
  }

  /// A dotted name as length-prefixed labels; empty (or ".") is the root.
  static func appendName(_ name: String, to out: inout [UInt8]) throws(DNSMessageError) {
    var total = 1
    for label in name.split(separator: ".", omittingEmptySubsequences: true) {
      let bytes = Array(label.utf8)
      guard bytes.count <= 63 else { throw DNSMessageError(offset: out.count, "label '\(label)' is over 63 bytes") }
      total += bytes.count + 1
      guard total <= 255 else { throw DNSMessageError(offset: out.count, "name '\(name)' is over 255 bytes") }
      out.append(UInt8(bytes.count))
      out += bytes
    }
    out.append(0)
  }

  /// The wire form of a name, for names inside RDATA (CNAME, SOA).
  static func nameBytes(_ name: String) throws(DNSMessageError) -> [UInt8] {
    var out: [UInt8] = []
    try appendName(name, to: &out)
    return out
  }
}
