/// Reading RFC 1035 wire format, including compression pointers (§4.1.4).
extension DNSMessage {
  /// Parses one message; throws on truncation, a bad label, or a pointer loop.
  public init(parsing bytes: [UInt8]) throws(DNSMessageError) {
    var reader = DNSReader(bytes: bytes)
    let id = try reader.u16()
    let flags = try reader.u16()
    let counts = [try reader.u16(), try reader.u16(), try reader.u16(), try reader.u16()]
    guard let code = DNSResponseCode(rawValue: UInt8(flags & 0xF)) else {
      throw DNSMessageError(offset: 3, "unsupported response code \(flags & 0xF)")
    }
    var questions: [DNSQuestion] = []
    for _ in 0..<counts[0] {
      let name = try reader.name()
      questions.append(DNSQuestion(name: name, type: DNSRecordType(rawValue: try reader.u16()), recordClass: try reader.u16()))
    }
    var sections: [[DNSRecord]] = []
    for count in counts.dropFirst() {
      var records: [DNSRecord] = []
      for _ in 0..<count { records.append(try reader.record()) }
      sections.append(records)
    }
    self.init(
      id: id, isResponse: flags & 0x8000 != 0, opcode: UInt8((flags >> 11) & 0xF), isAuthoritative: flags & 0x0400 != 0,
      isTruncated: flags & 0x0200 != 0, recursionDesired: flags & 0x0100 != 0, recursionAvailable: flags & 0x0080 != 0,
      responseCode: code, questions: questions, answers: sections[0], authorities: sections[1],
      additionals: sections[2])
  }
}

/// A cursor over a message's bytes.
struct DNSReader {
  let bytes: [UInt8]
  var offset = 0

  /// More pointer hops than this in one name is a loop (a name has at most 127 labels).
  static let maximumPointerHops = 127

  mutating func u8() throws(DNSMessageError) -> UInt8 {
    guard offset < bytes.count else { throw DNSMessageError(offset: offset, "message ends early") }
    defer { offset += 1 }
    return bytes[offset]
  }

  mutating func u16() throws(DNSMessageError) -> UInt16 {
    UInt16(try u8()) << 8 | UInt16(try u8())
  }

  mutating func u32() throws(DNSMessageError) -> UInt32 {
    UInt32(try u16()) << 16 | UInt32(try u16())
  }

  mutating func take(_ count: Int) throws(DNSMessageError) -> [UInt8] {
    guard count <= bytes.count - offset else {
      throw DNSMessageError(offset: offset, "needs \(count) bytes, \(bytes.count - offset) left")
    }
    defer { offset += count }
    return Array(bytes[offset..<offset + count])
  }

  /// A domain name at the cursor, following compression pointers; the cursor ends after the
  /// name's first occurrence (after the pointer, if it used one).
  mutating func name() throws(DNSMessageError) -> String {
    var labels: [String] = []
    var position = offset
    var resumeAt: Int?
    var hops = 0
    var length = 0
    while true {
      guard position < bytes.count else { throw DNSMessageError(offset: position, "name runs past the end") }
      let byte = bytes[position]
      switch byte & 0xC0 {
      case 0xC0:
        guard position + 1 < bytes.count else { throw DNSMessageError(offset: position, "truncated pointer") }
        let target = Int(byte & 0x3F) << 8 | Int(bytes[position + 1])
        // Pointers go to earlier names; a forward or self pointer could never end.
        guard target < position else {
          throw DNSMessageError(offset: position, "compression pointer to \(target) does not point backwards")
        }
        hops += 1
        guard hops <= Self.maximumPointerHops else { throw DNSMessageError(offset: position, "compression pointer loop") }
        if resumeAt == nil { resumeAt = position + 2 }
        position = target
      case 0x00:
        let count = Int(byte)
        if count == 0 {
          offset = resumeAt ?? position + 1
          return labels.joined(separator: ".")
        }
        guard position + 1 + count <= bytes.count else {
          throw DNSMessageError(offset: position, "label of \(count) bytes runs past the end")
        }
        length += count + 1
        guard length <= 255 else { throw DNSMessageError(offset: position, "name longer than 255 bytes") }
        labels.append(String(decoding: bytes[position + 1...position + count], as: UTF8.self))
        position += count + 1
      default:
        throw DNSMessageError(offset: position, "label type 0x\(String(byte & 0xC0, radix: 16)) is not supported")
      }
    }
  }

  mutating func record() throws(DNSMessageError) -> DNSRecord {
    let name = try name()
    let type = DNSRecordType(rawValue: try u16())
    let recordClass = try u16()
    let ttl = try u32()
    let length = Int(try u16())
    let data = try take(length)
    return DNSRecord(name: name, type: type, recordClass: recordClass, ttl: ttl, data: data)
  }
}
