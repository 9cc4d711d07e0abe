import Kube

/// The `proxy` subresource of pods: `/api/v1/namespaces/<ns>/pods/<id>/proxy[/<path>]`, where
/// `<id>` is `name`, `name:port` or `scheme:name:port`. Checks what kube-apiserver checks before
/// it dials (the method, the id, the pod, its IP); the dialling is `PodProxyResponse`'s.
///
/// Authorization is the server's: any authenticated caller may proxy, as it may do anything
/// else here (no RBAC, see `APIService`).
extension APIService {
  /// For connecting and for the pod's whole answer.
  static let podProxyTimeout: Duration = .seconds(30)

  /// The methods kube-apiserver's pod ProxyREST serves (`proxyMethods`).
  static let podProxyMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

  /// Segments before the pod's path: `api`, `v1`, `namespaces`, ns, `pods`, id, `proxy`.
  private static let proxyPrefixSegments = 7

  func podProxyRequest(
    path: APIPath.ResourcePath, resource: ServedResource, id: String, request: APIRequest, snapshot: ClusterSnapshot
  ) throws(KubeAPIError) -> APIResponse {
    guard Self.podProxyMethods.contains(request.method) else { throw KubeAPIError.methodNotAllowed(request.method) }
    let namespace = path.namespace ?? ""
    let parsed = try PodProxyTarget.ID.parse(id)
    guard let stored = snapshot.get(resource, namespace: namespace, name: parsed.name) else {
      throw KubeAPIError.notFound(resource, name: parsed.name)
    }
    let target = try PodProxyTarget.resolve(parsed, in: stored.object)
    guard let (prefix, rest) = Self.splitProxyPath(request.path) else { throw KubeAPIError.noSuchResource }
    let query = request.rawQuery.isEmpty ? "" : "?\(request.rawQuery)"
    if rest.isEmpty { return .podProxy(.redirect(location: "\(prefix)/\(query)")) }
    return .podProxy(
      .forward(
        PodProxyRequest(
          pod: "\(namespace)/\(parsed.name)", target: target, method: request.method, uri: rest + query,
          prefix: prefix, body: request.body, timeout: Self.podProxyTimeout)))
  }

  /// The raw (still percent-encoded) request path split after its `proxy` segment: the prefix,
  /// and the rest (`""`, or `/` and the pod's path) as the client wrote it, so the pod sees
  /// exactly the bytes it was sent. nil if the path is shorter than a proxy path.
  static func splitProxyPath(_ raw: String) -> (prefix: String, rest: String)? {
    var seen = 0
    var inSegment = false
    for index in raw.indices {
      if raw[index] != "/" {
        inSegment = true
        continue
      }
      if inSegment {
        seen += 1
        inSegment = false
        if seen == proxyPrefixSegments { return (String(raw[..<index]), String(raw[index...])) }
      }
    }
    if inSegment, seen + 1 == proxyPrefixSegments { return (raw, "") }
    return nil
  }
}
