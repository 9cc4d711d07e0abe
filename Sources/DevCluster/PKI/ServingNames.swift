import Foundation
import SwiftASN1
import X509

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The subject alternative names of the API server's serving certificate: the loopback
/// addresses kubectl and in-process clients dial, plus whatever the caller adds (a LAN address,
/// a container host name).
enum ServingNames {
  static let defaults = ["127.0.0.1", "::1", "localhost"]

  /// The defaults followed by `extra`, parsed and without duplicates (`0:0::1` is `::1`).
  static func required(extra: [String]) throws(DevPKIError) -> [GeneralName] {
    var names: [GeneralName] = []
    for text in defaults + extra {
      let name = try generalName(text)
      if !names.contains(name) { names.append(name) }
    }
    return names
  }

  /// An IP address SAN for an IPv4/IPv6 literal, a DNS SAN for a host name (lower-cased: DNS
  /// names compare case-insensitively, certificates compare them as bytes).
  static func generalName(_ text: String) throws(DevPKIError) -> GeneralName {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if let address = ipAddressBytes(trimmed) { return .ipAddress(ASN1OctetString(contentBytes: address[...])) }
    let host = trimmed.lowercased()
    guard isHostName(host) else {
      throw DevPKIError(
        "\"\(text)\" is neither an IP address nor a DNS name; a serving-certificate SAN must be one of those "
          + "(for example 192.168.1.20 or dev.example.test)")
    }
    return .dnsName(host)
  }

  /// The printable form of a SAN, for messages and tests.
  static func describe(_ name: GeneralName) -> String {
    switch name {
    case .dnsName(let host): return host
    case .ipAddress(let octets):
      let bytes = Array(octets.bytes)
      if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
      var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
      let ok = bytes.withUnsafeBytes { raw in inet_ntop(AF_INET6, raw.baseAddress, &buffer, socklen_t(buffer.count)) }
      return ok == nil
        ? "\(bytes)" : String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    default: return "\(name)"
    }
  }

  private static func ipAddressBytes(_ text: String) -> [UInt8]? {
    var v4 = in_addr()
    if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
    var v6 = in6_addr()
    if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
    return nil
  }

  /// RFC 1123 labels, with a leading `*` label allowed for wildcard certificates.
  private static func isHostName(_ host: String) -> Bool {
    guard !host.isEmpty, host.utf8.count <= 253 else { return false }
    let labels = host.split(separator: ".", omittingEmptySubsequences: false)
    for (index, label) in labels.enumerated() {
      if label == "*" && index == 0 && labels.count > 1 { continue }
      guard !label.isEmpty, label.utf8.count <= 63, label.first != "-", label.last != "-" else { return false }
      for byte in label.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): continue
        default: return false
        }
      }
    }
    return true
  }
}
