import Foundation

/// One request to an admin server, reduced to what admin endpoints decide on.
public struct AdminRequest: Sendable, Equatable {
  public var method: String
  public var path: String
  /// Query parameters; a repeated name keeps its last value.
  public var query: [String: String]
  /// Whether the peer connected over loopback: endpoints that change the process (quit, log
  /// level) answer only local callers, whatever address the listener is bound to.
  public var fromLoopback: Bool

  public init(method: String = "GET", path: String, query: [String: String] = [:], fromLoopback: Bool = true) {
    self.method = method
    self.path = path
    self.query = query
    self.fromLoopback = fromLoopback
  }

  /// Splits a request target such as `/logging?level=debug` (percent-encoding and `+` decoded).
  public init(method: String, uri: String, fromLoopback: Bool = true) {
    let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    var query: [String: String] = [:]
    if parts.count == 2 {
      for pair in parts[1].split(separator: "&") where !pair.isEmpty {
        let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let decode = { (s: Substring) in
          String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
        }
        query[decode(kv[0])] = kv.count == 2 ? decode(kv[1]) : ""
      }
    }
    self.init(method: method, path: parts.first.map(String.init) ?? "/", query: query, fromLoopback: fromLoopback)
  }
}
