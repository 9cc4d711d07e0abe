import NIOHTTP1

/// Which headers cross the pod proxy, each way, as Go's `httputil.ReverseProxy` (which
/// kube-apiserver's proxy handler uses) lets them: never the hop-by-hop ones, which describe
/// one connection, and never the caller's credentials for the API server.
enum PodProxyHeaders {
  /// RFC 9110 §7.6.1's connection-specific fields, plus the names `Connection` lists.
  static let hopByHop: Set<String> = [
    "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer",
    "transfer-encoding", "upgrade",
  ]

  /// The headers for the pod: the caller's without hop-by-hop ones, without `Authorization` and
  /// `Impersonate-*` (kube-apiserver consumes those; a pod must not receive a token that works
  /// on the API server), and without the framing the proxy redoes for the buffered body
  /// (`Content-Length`, `Expect`). `Host` stays the caller's, as in kube-apiserver. Adds
  /// `X-Forwarded-For` (the caller) and `X-Forwarded-Uri` (the path the caller asked for).
  static func request(
    _ incoming: HTTPHeaders, method: String, bodyLength: Int, clientAddress: String?, forwardedURI: String,
    target: PodProxyTarget
  ) -> HTTPHeaders {
    let dropped = droppedNames(incoming).union(["authorization", "content-length", "expect", "x-forwarded-uri"])
    var headers = HTTPHeaders()
    for (name, value) in incoming {
      let lowered = name.lowercased()
      if dropped.contains(lowered) || lowered.hasPrefix("impersonate-") { continue }
      headers.add(name: name, value: value)
    }
    if !headers.contains(name: "host") { headers.add(name: "Host", value: target.hostPort) }
    if bodyLength > 0 || ["POST", "PUT", "PATCH"].contains(method) {
      headers.add(name: "Content-Length", value: String(bodyLength))
    }
    if let clientAddress {
      let prior = headers[canonicalForm: "x-forwarded-for"].joined(separator: ", ")
      headers.replaceOrAdd(name: "X-Forwarded-For", value: prior.isEmpty ? clientAddress : "\(prior), \(clientAddress)")
    }
    headers.add(name: "X-Forwarded-Uri", value: forwardedURI)
    return headers
  }

  /// The pod's headers for the caller, without hop-by-hop ones and without `Content-Length`
  /// (the proxy frames the buffered body itself).
  static func response(_ outgoing: HTTPHeaders) -> HTTPHeaders {
    let dropped = droppedNames(outgoing).union(["content-length"])
    var headers = HTTPHeaders()
    for (name, value) in outgoing where !dropped.contains(name.lowercased()) { headers.add(name: name, value: value) }
    return headers
  }

  private static func droppedNames(_ headers: HTTPHeaders) -> Set<String> {
    let listed = headers[canonicalForm: "connection"].map { $0.lowercased() }
    return hopByHop.union(listed)
  }
}
