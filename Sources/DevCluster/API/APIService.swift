import Foundation
import Kube
import Logging

/// Answers Kubernetes API requests: authentication, routing, and the verbs over `ClusterState`.
/// Independent of NIO: the connection handler turns HTTP into `APIRequest`s and writes the
/// `APIResponse`s back.
///
/// RBAC is not enforced: the admin token and every valid service-account token may do
/// everything. The dev cluster runs on one machine for one user; the mesh's own authorization
/// (istio.io AuthorizationPolicy) is what it exists to exercise.
final class APIService: Sendable {
  let cluster: ClusterState
  let issuer: ServiceAccountTokenIssuer
  let adminToken: String
  let logger: Logger
  /// Runs `exec` and serves `log` for pods; nil when no node runner runs pods (both answer 503).
  let processHost: (any PodProcessHost)?
  /// Largest request body accepted (else 413).
  static let maxBodyBytes = 3 * 1024 * 1024

  init(
    cluster: ClusterState, issuer: ServiceAccountTokenIssuer, adminToken: String, logger: Logger,
    processHost: (any PodProcessHost)? = nil
  ) {
    self.cluster = cluster
    self.issuer = issuer
    self.adminToken = adminToken
    self.logger = logger
    self.processHost = processHost
  }

  func handle(_ request: APIRequest) -> APIResponse {
    let path = APIPath.parse(request.path)
    let caller = authenticate(request)
    guard let caller else { return .error(.unauthorized) }
    if case .anonymous = caller, !Self.isPublic(path) { return .error(.unauthorized) }
    do {
      return try route(path, request: request, caller: caller)
    } catch {
      return .error(error)
    }
  }

  /// Paths kube-apiserver's default RBAC opens to anonymous callers (`system:public-info-viewer`,
  /// `system:service-account-issuer-discovery`).
  private static func isPublic(_ path: APIPath) -> Bool {
    switch path {
    case .health, .version, .jwks, .openIDConfiguration: true
    default: false
    }
  }

  /// nil for credentials that are present but not valid (401 even on public paths, as Kubernetes).
  private func authenticate(_ request: APIRequest) -> Caller? {
    guard let header = request.header("authorization") else { return .anonymous }
    let parts = header.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
    let token = parts[1].trimmingWhitespace()
    if Self.constantTimeEquals(token, adminToken) { return .admin }
    let snapshot = cluster.snapshot()
    let result = TokenAPI.authenticate(
      token, audiences: [ServiceAccountTokenIssuer.apiAudience], issuer: issuer, lookup: snapshot.lookup, now: Date())
    switch result {
    case .success(let user): return .serviceAccount(user)
    case .failure(let rejection):
      logger.debug("bearer token rejected", metadata: ["devcluster.reason": "\(rejection.message)"])
      return nil
    }
  }

  private static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let left = Array(a.utf8)
    let right = Array(b.utf8)
    guard left.count == right.count, !right.isEmpty else { return false }
    var difference: UInt8 = 0
    for index in left.indices { difference |= left[index] ^ right[index] }
    return difference == 0
  }

  private func route(_ path: APIPath, request: APIRequest, caller: Caller) throws(KubeAPIError) -> APIResponse {
    switch path {
    case .resource(let resourcePath):
      return try resourceRequest(resourcePath, request: request, caller: caller)
    case .unknown:
      throw KubeAPIError.noSuchResource
    default:
      guard request.method == "GET" || request.method == "HEAD" else {
        throw KubeAPIError.methodNotAllowed(request.method)
      }
      return try discovery(path, request: request)
    }
  }

  /// The served resource a path names, or the 404 Kubernetes gives for an unknown one.
  func servedResource(
    _ path: APIPath.ResourcePath, in registry: ResourceRegistry
  ) throws(KubeAPIError) -> ServedResource {
    guard let resource = registry.resource(group: path.group, version: path.version, plural: path.resource) else {
      throw KubeAPIError.noSuchResource
    }
    // A cluster-scoped kind has no namespaced paths.
    if path.namespace != nil, !resource.type.namespaced { throw KubeAPIError.noSuchResource }
    return resource
  }

  private func resourceRequest(
    _ path: APIPath.ResourcePath, request: APIRequest, caller: Caller
  )
    throws(KubeAPIError) -> APIResponse
  {
    let snapshot = cluster.snapshot()
    let resource = try servedResource(path, in: snapshot.registry)
    if resource.storage == .review {
      guard request.method == "POST", path.name == nil else { throw KubeAPIError.methodNotAllowed(request.method) }
      return try review(resource, request: request, caller: caller, snapshot: snapshot)
    }
    if let subresource = path.subresource {
      return try subresourceRequest(subresource, path: path, resource: resource, request: request, snapshot: snapshot)
    }
    switch (request.method, path.name) {
    case ("GET", nil), ("HEAD", nil):
      if request.query.flag("watch") { return try watch(resource, path: path, request: request) }
      return try list(resource, path: path, request: request, snapshot: snapshot)
    case ("GET", let name?), ("HEAD", let name?):
      if request.query.flag("watch") { return try watch(resource, path: path, request: request, name: name) }
      return try get(resource, path: path, name: name, request: request, snapshot: snapshot)
    case ("POST", nil):
      guard !resource.type.namespaced || path.namespace != nil else {
        throw KubeAPIError.methodNotAllowed(request.method)
      }
      return try create(resource, path: path, request: request)
    case ("PUT", let name?):
      return try update(resource, path: path, name: name, target: .main, request: request)
    case ("PATCH", let name?):
      return try patch(resource, path: path, name: name, target: .main, request: request)
    case ("DELETE", let name?):
      return try delete(resource, path: path, name: name, request: request)
    case ("DELETE", nil):
      return try deleteCollection(resource, path: path, request: request)
    default:
      throw KubeAPIError.methodNotAllowed(request.method)
    }
  }

  private func subresourceRequest(
    _ subresource: String, path: APIPath.ResourcePath, resource: ServedResource, request: APIRequest,
    snapshot: ClusterSnapshot
  ) throws(KubeAPIError) -> APIResponse {
    guard let name = path.name else { throw KubeAPIError.noSuchResource }
    switch subresource {
    case "status" where resource.hasStatusSubresource:
      switch request.method {
      case "GET", "HEAD": return try get(resource, path: path, name: name, request: request, snapshot: snapshot)
      case "PUT": return try update(resource, path: path, name: name, target: .status, request: request)
      case "PATCH": return try patch(resource, path: path, name: name, target: .status, request: request)
      default: throw KubeAPIError.methodNotAllowed(request.method)
      }
    case "scale" where resource.hasScaleSubresource:
      return try scale(resource, path: path, name: name, request: request, snapshot: snapshot)
    case "token" where resource.hasTokenSubresource:
      guard request.method == "POST" else { throw KubeAPIError.methodNotAllowed(request.method) }
      return try requestToken(
        serviceAccount: name, namespace: path.namespace ?? "", request: request, snapshot: snapshot)
    case "exec" where Self.isCorePods(resource), "log" where Self.isCorePods(resource):
      return try podStreamRequest(
        subresource, path: path, resource: resource, name: name, request: request, snapshot: snapshot)
    case "proxy" where resource.hasProxySubresource:
      return try podProxyRequest(path: path, resource: resource, id: name, request: request, snapshot: snapshot)
    default:
      throw KubeAPIError.noSuchResource
    }
  }

  private static func isCorePods(_ resource: ServedResource) -> Bool {
    resource.type.group.isEmpty && resource.type.plural == "pods"
  }
}

extension ClusterSnapshot {
  /// The store lookup the token APIs take.
  var lookup: TokenAPI.Lookup {
    { type, namespace, name in
      self.store.get(
        ObjectRef(storageKey: type.qualifiedName, namespace: type.namespaced ? namespace : "", name: name))?.object
    }
  }
}
