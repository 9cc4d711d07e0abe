import Shared

/// Answers one DNS query from a `ClusterDNSZone`: pure, so every answer is table-tested.
///
/// Inside the cluster domain it is authoritative (AA): data, NOERROR without data (with the
/// zone's SOA so clients cache the negative answer), or NXDOMAIN. Outside it answers REFUSED: it
/// does not recurse, and the dev cluster has no outside resolver to forward to.
public enum ClusterDNSResponder {
  /// Seconds clients may cache answers; short, because Services come and go in the dev cluster
  /// (CoreDNS's kubernetes plugin uses 5 too).
  public static let ttl: UInt32 = 5
  /// The classic UDP payload limit without EDNS (RFC 1035 §4.2.1).
  public static let udpPayloadLimit = 512

  public static func respond(to query: DNSMessage, zone: ClusterDNSZone) -> DNSMessage {
    var response = DNSMessage(
      id: query.id, isResponse: true, opcode: query.opcode, recursionDesired: query.recursionDesired,
      questions: query.questions)
    guard !query.isResponse else {
      response.responseCode = .formatError
      return response
    }
    guard query.opcode == 0 else {
      response.responseCode = .notImplemented
      return response
    }
    guard query.questions.count == 1, let question = query.questions.first else {
      response.responseCode = .formatError
      return response
    }
    let name = question.name.lowercased().trimmingTrailingDot
    guard question.recordClass == DNSRecord.classIN || question.recordClass == 255, zone.contains(name) else {
      response.responseCode = .refused
      return response
    }
    response.isAuthoritative = true
    guard let entry = zone.entries[name] else {
      response.responseCode = zone.hasDescendants(name) ? .noError : .nameError
      response.authorities = [soa(zone)]
      return response
    }
    response.answers = records(for: question, entry: entry)
    if response.answers.isEmpty { response.authorities = [soa(zone)] }
    return response
  }

  /// Encodes `response` for UDP: if it does not fit the client's payload size, the answers are
  /// dropped and TC set, so the client retries over TCP (RFC 1035 §4.2.1, RFC 6891 §6.2.5).
  public static func udpBytes(for response: DNSMessage, query: DNSMessage) throws(DNSMessageError) -> [UInt8] {
    let bytes = try response.encoded()
    let limit = max(udpPayloadLimit, Int(query.additionals.first { $0.type == .opt }?.recordClass ?? 0))
    guard bytes.count > limit else { return bytes }
    var truncated = response
    truncated.isTruncated = true
    truncated.answers = []
    truncated.authorities = []
    truncated.additionals = []
    return try truncated.encoded()
  }

  static func records(for question: DNSQuestion, entry: ClusterDNSZone.Entry) -> [DNSRecord] {
    if let target = entry.canonicalName, let data = try? DNSMessage.nameBytes(target) {
      return [DNSRecord(name: question.name, type: .cname, ttl: ttl, data: data)]
    }
    return entry.addresses.compactMap { address in
      switch (address, question.type) {
      case (.v4, .a), (.v4, .any): DNSRecord(name: question.name, type: .a, ttl: ttl, data: address.bytes)
      case (.v6, .aaaa), (.v6, .any): DNSRecord(name: question.name, type: .aaaa, ttl: ttl, data: address.bytes)
      default: nil
      }
    }
  }

  /// The zone's SOA, shaped like CoreDNS's for the cluster domain.
  static func soa(_ zone: ClusterDNSZone) -> DNSRecord {
    var data = (try? DNSMessage.nameBytes("ns.dns.\(zone.domain)")) ?? [0]
    data += (try? DNSMessage.nameBytes("hostmaster.\(zone.domain)")) ?? [0]
    for value: UInt32 in [1, 7200, 1800, 86400, ttl] {
      data += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
    return DNSRecord(name: zone.domain, type: .soa, ttl: ttl, data: data)
  }
}

extension String {
  fileprivate var trimmingTrailingDot: String { hasSuffix(".") ? String(dropLast()) : self }
}
