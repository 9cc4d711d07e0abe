/// One entry of an `Accept` or `Content-Type` header: `application/json;as=Table;v=v1;g=meta.k8s.io`.
struct MediaType: Sendable, Hashable {
  /// Lower-cased type/subtype.
  var type: String
  /// Parameter names lower-cased; values as sent.
  var parameters: [String: String]

  /// The entries of a comma-separated header, in order.
  static func parse(_ header: String) -> [MediaType] {
    header.split(separator: ",").compactMap { entry in
      let parts = entry.split(separator: ";").map { $0.trimmingWhitespace() }
      guard let first = parts.first, !first.isEmpty else { return nil }
      var parameters: [String: String] = [:]
      for part in parts.dropFirst() {
        let pair = part.split(separator: "=", maxSplits: 1)
        guard pair.count == 2 else { continue }
        parameters[pair[0].trimmingWhitespace().lowercased()] = pair[1].trimmingWhitespace()
      }
      return MediaType(type: first.lowercased(), parameters: parameters)
    }
  }

  /// `as=Table;g=meta.k8s.io` (v1 or v1beta1): `kubectl get` asking for server-side printing.
  var isTable: Bool {
    parameters["as"] == "Table" && parameters["g"] == "meta.k8s.io"
      && (type == "application/json" || type == "*/*" || type == "application/*")
  }

  /// `as=APIGroupDiscoveryList`: aggregated discovery, which this server answers in the legacy form.
  var isAggregatedDiscovery: Bool { parameters["as"] == "APIGroupDiscoveryList" }
}

extension StringProtocol {
  func trimmingWhitespace() -> String {
    var text = Substring(self)
    while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
    while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
    return String(text)
  }
}
