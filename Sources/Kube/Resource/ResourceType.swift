/// A kind the API serves: where it lives in the REST tree and how it is named.
///
/// Both sides use it: the client to build request paths, the dev API server to route them and to
/// answer discovery.
public struct ResourceType: Sendable, Hashable, CustomStringConvertible {
  /// API group; empty for the core (`v1`) group.
  public var group: String
  public var version: String
  public var kind: String
  /// Lower-case plural used in paths (`pods`, `authorizationpolicies`).
  public var plural: String
  public var singular: String
  public var namespaced: Bool
  public var shortNames: [String]

  public init(
    group: String, version: String, kind: String, plural: String, singular: String? = nil,
    namespaced: Bool, shortNames: [String] = []
  ) {
    self.group = group
    self.version = version
    self.kind = kind
    self.plural = plural
    self.singular = singular ?? kind.lowercased()
    self.namespaced = namespaced
    self.shortNames = shortNames
  }

  /// `v1` or `group/version`, as in an object's `apiVersion`.
  public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

  public var listKind: String { kind + "List" }

  /// `pods` or `gateways.gateway.networking.k8s.io`: the name kubectl and CRDs use.
  public var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }

  /// `/api/v1` or `/apis/group/version`.
  public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

  /// The collection path, in one namespace when given (and the kind is namespaced), else across all.
  public func collectionPath(namespace: String?) -> String {
    if namespaced, let namespace { return "\(groupVersionPath)/namespaces/\(namespace)/\(plural)" }
    return "\(groupVersionPath)/\(plural)"
  }

  public func objectPath(namespace: String?, name: String) -> String {
    "\(collectionPath(namespace: namespace))/\(name)"
  }

  public var description: String { "\(kind) (\(apiVersion))" }
}
