/// A request path, classified the way kube-apiserver's `RequestInfoFactory` does.
enum APIPath: Sendable, Equatable {
  case version
  /// `/api`: the legacy core group's versions.
  case coreVersions
  /// `/apis`
  case groups
  /// `/apis/<group>`
  case group(String)
  /// `/api/v1` or `/apis/<group>/<version>`: the APIResourceList.
  case groupVersion(group: String, version: String)
  case resource(ResourcePath)
  /// `/healthz`, `/livez`, `/readyz` and their named checks.
  case health
  case openAPIV2
  case openAPIV3Index
  /// `/openapi/v3/apis/<group>/<version>` or `/openapi/v3/api/v1`.
  case openAPIV3(group: String, version: String)
  case jwks
  case openIDConfiguration
  case unknown

  /// One resource request: `[namespaces/<ns>/]<resource>[/<name>[/<subresource>]]` under a group version.
  struct ResourcePath: Sendable, Equatable {
    var group: String
    var version: String
    var namespace: String?
    var resource: String
    var name: String?
    var subresource: String?
  }

  /// Subresources of a namespace (`/api/v1/namespaces/x/status`), not resources inside it.
  private static let namespaceSubresources: Set<String> = ["status", "finalize"]

  static func parse(_ path: String) -> APIPath {
    var segments = path.split(separator: "/", omittingEmptySubsequences: true).map {
      QueryParameters.decode($0, plusIsSpace: false)
    }
    guard let first = segments.first else { return .unknown }
    switch first {
    case "version" where segments.count == 1: return .version
    case "healthz", "livez", "readyz": return .health
    case "openid" where segments == ["openid", "v1", "jwks"]: return .jwks
    case ".well-known" where segments == [".well-known", "openid-configuration"]: return .openIDConfiguration
    case "openapi":
      if segments == ["openapi", "v2"] { return .openAPIV2 }
      if segments == ["openapi", "v3"] { return .openAPIV3Index }
      if segments.count == 4, segments[1] == "v3", segments[2] == "api" {
        return .openAPIV3(group: "", version: segments[3])
      }
      if segments.count == 5, segments[1] == "v3", segments[2] == "apis" {
        return .openAPIV3(group: segments[3], version: segments[4])
      }
      return .unknown
    case "api":
      if segments.count == 1 { return .coreVersions }
      let version = segments[1]
      segments.removeFirst(2)
      return resourcePath(group: "", version: version, segments)
    case "apis":
      if segments.count == 1 { return .groups }
      if segments.count == 2 { return .group(segments[1]) }
      let group = segments[1]
      let version = segments[2]
      segments.removeFirst(3)
      return resourcePath(group: group, version: version, segments)
    default:
      return .unknown
    }
  }

  private static func resourcePath(group: String, version: String, _ rest: [String]) -> APIPath {
    if rest.isEmpty { return .groupVersion(group: group, version: version) }
    var parts = rest[...]
    var namespace: String?
    if parts.first == "namespaces", parts.count > 1 {
      let name = parts[parts.startIndex + 1]
      if parts.count > 2, !namespaceSubresources.contains(parts[parts.startIndex + 2]) {
        namespace = name
        parts = parts.dropFirst(2)
      }
    }
    // `pods/<id>/proxy/<path...>`: the rest is the pod's path, which the proxy takes from the raw
    // request path (these segments are decoded).
    let isProxy = parts.count > 3 && parts[parts.startIndex + 2] == "proxy"
    guard parts.count <= 3 || isProxy, let resource = parts.first else { return .unknown }
    let name = parts.count > 1 ? parts[parts.startIndex + 1] : nil
    let subresource = parts.count > 2 ? parts[parts.startIndex + 2] : nil
    return .resource(
      ResourcePath(
        group: group, version: version, namespace: namespace, resource: resource, name: name, subresource: subresource))
  }
}
