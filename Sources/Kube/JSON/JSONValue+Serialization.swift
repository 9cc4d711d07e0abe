extension JSONValue {
  /// Compact JSON bytes. Object keys are sorted so that equal values serialize identically
  /// (stable journal files, stable test output).
  public func serialized() -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(256)
    write(into: &output)
    return output
  }

  public var jsonText: String { String(decoding: serialized(), as: UTF8.self) }

  public func write(into output: inout [UInt8]) {
    switch self {
    case .null: output.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
    case .bool(true): output.append(contentsOf: [0x74, 0x72, 0x75, 0x65])
    case .bool(false): output.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])
    case .int(let value): output.append(contentsOf: Array(String(value).utf8))
    case .double(let value): Self.writeDouble(value, into: &output)
    case .string(let value): Self.writeString(value, into: &output)
    case .array(let elements):
      output.append(UInt8(ascii: "["))
      for (index, element) in elements.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        element.write(into: &output)
      }
      output.append(UInt8(ascii: "]"))
    case .object(let members):
      output.append(UInt8(ascii: "{"))
      for (index, key) in members.keys.sorted().enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        Self.writeString(key, into: &output)
        output.append(UInt8(ascii: ":"))
        members[key]!.write(into: &output)
      }
      output.append(UInt8(ascii: "}"))
    }
  }

  private static func writeDouble(_ value: Double, into output: inout [UInt8]) {
    guard value.isFinite else {
      // JSON has no NaN or infinity; null is what encoders conventionally emit.
      output.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
      return
    }
    if value.rounded() == value, abs(value) < 1e15 {
      // Keep the ".0" so that the value reads back as a double, not an integer.
      output.append(contentsOf: Array(String(Int64(value)).utf8))
      output.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "0")])
    } else {
      output.append(contentsOf: Array(String(value).utf8))
    }
  }

  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  static func writeString(_ value: String, into output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    for byte in value.utf8 {
      switch byte {
      case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
      case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0..<0x20:
        output.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
        output.append(hexDigits[Int(byte >> 4)])
        output.append(hexDigits[Int(byte & 0xF)])
      default: output.append(byte)
      }
    }
    output.append(UInt8(ascii: "\""))
  }
}
