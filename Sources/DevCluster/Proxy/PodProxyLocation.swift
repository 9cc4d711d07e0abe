/// A pod's redirect rewritten to stay behind the proxy, as kube-apiserver's proxy transport
/// (`proxy.Transport.rewriteURL`) does: `Location: /login` from the pod becomes
/// `/api/v1/namespaces/ns/pods/p:80/proxy/login`, so a client that follows it asks the API
/// server again instead of an address it cannot reach.
enum PodProxyLocation {
  /// `location` rewritten, or unchanged when it names another host or is relative (no leading
  /// `/`), which kube-apiserver leaves alone too.
  static func rewrite(_ location: String, target: PodProxyTarget, callerHost: String?, prefix: String) -> String {
    var authority = ""
    var rest = Substring(location)
    for scheme in ["http://", "https://"] where location.lowercased().hasPrefix(scheme) {
      let afterScheme = location.dropFirst(scheme.count)
      let end = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
      authority = String(afterScheme[..<end])
      rest = afterScheme[end...]
    }
    let podHosts = [target.hostPort] + (target.port == target.scheme.defaultPort ? [target.address] : [])
    let isCaller = !authority.isEmpty && authority == callerHost
    guard authority.isEmpty || podHosts.contains(authority) || isCaller else { return location }
    guard rest.hasPrefix("/"), !rest.hasPrefix("//") || !authority.isEmpty else { return location }
    let pathEnd = rest.firstIndex { $0 == "?" || $0 == "#" } ?? rest.endIndex
    let path = rest[..<pathEnd]
    let suffix = rest[pathEnd...]
    // Go keeps the caller's own scheme and host when the pod redirected to them; any other
    // absolute redirect to the pod becomes a path on the API server.
    let origin = isCaller ? String(location.prefix(location.count - rest.count)) : ""
    if path.hasPrefix(prefix) { return origin + rest }
    return origin + prefix + path + suffix
  }
}
