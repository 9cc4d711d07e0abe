import Foundation

/// What an operator checks about one certificate in a dump: its PEM, serial and validity.
///
/// Read straight from the DER (RFC 5280 §4.1: TBSCertificate's serialNumber and validity), so
/// intermediates and roots are described as precisely as the leaf without another X.509 stack.
public struct CertificateSummary: Sendable, Hashable {
  public var pem: String
  /// Lowercase hex of the serial's bytes, as `openssl x509 -serial` prints it.
  public var serialNumber: String
  public var validFrom: Date
  public var expirationTime: Date

  public init?(pem: String) {
    let body = pem.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
    guard let der = Data(base64Encoded: String(body)), let fields = Self.read(Array(der)) else { return nil }
    self.pem = pem
    (serialNumber, validFrom, expirationTime) = fields
  }

  private static func read(_ der: [UInt8]) -> (String, Date, Date)? {
    var reader = DERReader(der)
    guard var certificate = reader.enter(tag: 0x30), var tbs = certificate.enter(tag: 0x30) else { return nil }
    if tbs.peekTag == 0xA0 { _ = tbs.next() }  // [0] EXPLICIT version
    guard let serial = tbs.next(), serial.tag == 0x02, tbs.next() != nil, tbs.next() != nil,  // signature, issuer
      var validity = tbs.enter(tag: 0x30), let from = validity.next().flatMap(time),
      let until = validity.next().flatMap(time)
    else { return nil }
    // A DER INTEGER carries a 0x00 sign byte when the high bit is set; the serial is the rest.
    let magnitude = serial.value.count > 1 && serial.value.first == 0 ? serial.value.dropFirst() : serial.value
    let hex = magnitude.map { String(format: "%02x", $0) }.joined()
    return (hex, from, until)
  }

  /// UTCTime (YYMMDDHHMMSSZ, years 1950-2049) or GeneralizedTime (YYYYMMDDHHMMSSZ).
  private static func time(_ element: DERReader.Element) -> Date? {
    guard let text = String(bytes: element.value, encoding: .ascii), text.hasSuffix("Z") else { return nil }
    let digits = text.dropLast()
    guard digits.allSatisfy(\.isNumber) else { return nil }
    var components = DateComponents()
    var rest = Substring(digits)
    func take(_ n: Int) -> Int? {
      guard rest.count >= n, let v = Int(rest.prefix(n)) else { return nil }
      rest = rest.dropFirst(n)
      return v
    }
    switch (element.tag, digits.count) {
    case (0x17, 12): components.year = take(2).map { $0 < 50 ? 2000 + $0 : 1900 + $0 }
    case (0x18, 14): components.year = take(4)
    default: return nil
    }
    components.month = take(2)
    components.day = take(2)
    components.hour = take(2)
    components.minute = take(2)
    components.second = take(2)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(from: components)
  }
}

/// A minimal DER walker: definite lengths only, which is all DER allows.
struct DERReader {
  struct Element {
    let tag: UInt8
    let value: ArraySlice<UInt8>
  }

  private var bytes: ArraySlice<UInt8>

  init(_ bytes: [UInt8]) { self.bytes = bytes[...] }
  init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

  var peekTag: UInt8? { bytes.first }

  mutating func next() -> Element? {
    guard bytes.count >= 2 else { return nil }
    let tag = bytes[bytes.startIndex]
    var i = bytes.startIndex + 1
    var length = Int(bytes[i])
    i += 1
    if length & 0x80 != 0 {
      let count = length & 0x7F
      guard (1...4).contains(count), bytes.endIndex - i >= count else { return nil }
      length = bytes[i..<i + count].reduce(0) { $0 << 8 | Int($1) }
      i += count
    }
    guard bytes.endIndex - i >= length else { return nil }
    let value = bytes[i..<i + length]
    bytes = bytes[(i + length)...]
    return Element(tag: tag, value: value)
  }

  mutating func enter(tag: UInt8) -> DERReader? {
    guard let element = next(), element.tag == tag else { return nil }
    return DERReader(element.value)
  }
}
