/// A DNS message (RFC 1035 §4.1): header, question, answer, authority and additional sections.
///
/// Parsing (`DNSMessage+Parsing.swift`) follows compression pointers; encoding
/// (`DNSMessage+Encoding.swift`) writes names uncompressed, which every resolver accepts.
public struct DNSMessage: Sendable, Hashable {
  public var id: UInt16
  /// QR: a response, not a query.
  public var isResponse: Bool
  public var opcode: UInt8
  /// AA: the answer comes from the zone's authority.
  public var isAuthoritative: Bool
  /// TC: cut to fit a UDP datagram; the client should retry over TCP.
  public var isTruncated: Bool
  public var recursionDesired: Bool
  public var recursionAvailable: Bool
  public var responseCode: DNSResponseCode
  public var questions: [DNSQuestion]
  public var answers: [DNSRecord]
  public var authorities: [DNSRecord]
  public var additionals: [DNSRecord]

  public init(
    id: UInt16, isResponse: Bool = false, opcode: UInt8 = 0, isAuthoritative: Bool = false,
    isTruncated: Bool = false, recursionDesired: Bool = true, recursionAvailable: Bool = false,
    responseCode: DNSResponseCode = .noError, questions: [DNSQuestion] = [], answers: [DNSRecord] = [],
    authorities: [DNSRecord] = [], additionals: [DNSRecord] = []
  ) {
    self.id = id
    self.isResponse = isResponse
    self.opcode = opcode
    self.isAuthoritative = isAuthoritative
    self.isTruncated = isTruncated
    self.recursionDesired = recursionDesired
    self.recursionAvailable = recursionAvailable
    self.responseCode = responseCode
    self.questions = questions
    self.answers = answers
    self.authorities = authorities
    self.additionals = additionals
  }
}

/// One question: a name, a record type and a class.
public struct DNSQuestion: Sendable, Hashable {
  /// Dotted, without the trailing dot, as the client spelled it.
  public var name: String
  public var type: DNSRecordType
  public var recordClass: UInt16

  public init(name: String, type: DNSRecordType, recordClass: UInt16 = DNSRecord.classIN) {
    self.name = name
    self.type = type
    self.recordClass = recordClass
  }
}

/// A resource record; `data` is the RDATA as on the wire (names inside it uncompressed).
public struct DNSRecord: Sendable, Hashable {
  public static let classIN: UInt16 = 1

  public var name: String
  public var type: DNSRecordType
  public var recordClass: UInt16
  public var ttl: UInt32
  public var data: [UInt8]

  public init(name: String, type: DNSRecordType, recordClass: UInt16 = classIN, ttl: UInt32, data: [UInt8]) {
    self.name = name
    self.type = type
    self.recordClass = recordClass
    self.ttl = ttl
    self.data = data
  }
}

/// Record types by number; unknown ones keep their number.
public struct DNSRecordType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
  public var rawValue: UInt16
  public init(rawValue: UInt16) { self.rawValue = rawValue }

  public static let a = DNSRecordType(rawValue: 1)
  public static let ns = DNSRecordType(rawValue: 2)
  public static let cname = DNSRecordType(rawValue: 5)
  public static let soa = DNSRecordType(rawValue: 6)
  public static let ptr = DNSRecordType(rawValue: 12)
  public static let txt = DNSRecordType(rawValue: 16)
  public static let aaaa = DNSRecordType(rawValue: 28)
  public static let srv = DNSRecordType(rawValue: 33)
  public static let opt = DNSRecordType(rawValue: 41)
  public static let any = DNSRecordType(rawValue: 255)

  public var description: String {
    switch self {
    case .a: "A"
    case .aaaa: "AAAA"
    case .cname: "CNAME"
    case .soa: "SOA"
    case .opt: "OPT"
    case .any: "ANY"
    default: "TYPE\(rawValue)"
    }
  }
}

/// RCODE values the server sends (RFC 1035 §4.1.1).
public enum DNSResponseCode: UInt8, Sendable, Hashable {
  case noError = 0
  case formatError = 1
  case serverFailure = 2
  case nameError = 3
  case notImplemented = 4
  case refused = 5
}
