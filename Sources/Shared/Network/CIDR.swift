/// An address block such as `10.0.0.0/8` (AuthorizationPolicy `ipBlocks`, node pod CIDRs).
public struct CIDR: Hashable, Sendable, CustomStringConvertible {
  /// The network address with host bits cleared.
  public let network: IPAddress
  public let prefixLength: Int

  public init(_ address: IPAddress, prefixLength: Int) throws(AddressParseError) {
    guard (0...address.bitWidth).contains(prefixLength) else {
      throw AddressParseError(
        input: "\(address)/\(prefixLength)", problem: "prefix length must be 0...\(address.bitWidth)")
    }
    self.network = Self.mask(address, prefixLength)
    self.prefixLength = prefixLength
  }

  /// `a.b.c.d/n`, `x::/n`, or a bare address meaning a single host (as Istio's ipBlocks do).
  public init(_ text: String) throws(AddressParseError) {
    if let slash = text.firstIndex(of: "/") {
      let address = try IPAddress(String(text[..<slash]))
      let lengthText = text[text.index(after: slash)...]
      guard !lengthText.isEmpty, lengthText.allSatisfy({ ("0"..."9").contains($0) }), let length = Int(lengthText)
      else {
        throw AddressParseError(input: text, problem: "prefix length \"\(lengthText)\" is not a number")
      }
      try self.init(address, prefixLength: length)
    } else {
      let address = try IPAddress(text)
      try self.init(address, prefixLength: address.bitWidth)
    }
  }

  public func contains(_ address: IPAddress) -> Bool {
    guard address.isIPv4 == network.isIPv4 else { return false }
    return Self.mask(address, prefixLength) == network
  }

  public var description: String { "\(network)/\(prefixLength)" }

  private static func mask(_ address: IPAddress, _ length: Int) -> IPAddress {
    switch address {
    case .v4(let v):
      return .v4(length == 0 ? 0 : v & (UInt32.max << (32 - length)))
    case .v6(let hi, let lo):
      let hiMask: UInt64 = length >= 64 ? .max : (length == 0 ? 0 : UInt64.max << (64 - length))
      let loMask: UInt64 = length <= 64 ? 0 : (length == 128 ? .max : UInt64.max << (128 - length))
      return .v6(hi & hiMask, lo & loMask)
    }
  }
}
