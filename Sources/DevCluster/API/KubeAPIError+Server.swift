import Kube

/// The errors the server answers with, worded as kube-apiserver words them (`pods "x" not found`,
/// `Deployment.apps "x" is invalid: ...`): clients and scripts match on these texts.
extension KubeAPIError {
  static func notFound(_ resource: ServedResource, name: String) -> KubeAPIError {
    notFound(
      qualifiedResource: resource.qualifiedResource, group: resource.type.group, plural: resource.type.plural,
      name: name)
  }

  static func notFound(qualifiedResource: String, group: String, plural: String, name: String) -> KubeAPIError {
    KubeAPIError(
      .notFound, "\(qualifiedResource) \"\(name)\" not found", name: name, group: group.isEmpty ? nil : group,
      kind: plural)
  }

  static func namespaceNotFound(_ namespace: String) -> KubeAPIError {
    KubeAPIError(.notFound, "namespaces \"\(namespace)\" not found", name: namespace, kind: "namespaces")
  }

  /// A path no resource answers to.
  static let noSuchResource = KubeAPIError(.notFound, "the server could not find the requested resource")

  static func alreadyExists(_ resource: ServedResource, name: String) -> KubeAPIError {
    KubeAPIError(
      .alreadyExists, "\(resource.qualifiedResource) \"\(name)\" already exists", name: name,
      group: resource.type.group.isEmpty ? nil : resource.type.group, kind: resource.type.plural)
  }

  static func conflict(_ resource: ServedResource, name: String) -> KubeAPIError {
    conflict(
      resource, name: name,
      detail: "the object has been modified; please apply your changes to the latest version and try again")
  }

  static func conflict(_ resource: ServedResource, name: String, detail: String) -> KubeAPIError {
    KubeAPIError(
      .conflict, "Operation cannot be fulfilled on \(resource.qualifiedResource) \"\(name)\": \(detail)", name: name,
      group: resource.type.group.isEmpty ? nil : resource.type.group, kind: resource.type.plural)
  }

  static func badRequest(_ message: String) -> KubeAPIError { KubeAPIError(.badRequest, message) }

  /// `Kind.group "name" is invalid: field: ...` (422) with one cause per field error.
  static func invalid(_ type: ResourceType, name: String, _ errors: [FieldError]) -> KubeAPIError {
    let qualifiedKind = type.group.isEmpty ? type.kind : "\(type.kind).\(type.group)"
    let summary: String
    switch errors.count {
    case 0: summary = ""
    case 1: summary = ": \(errors[0].message)"
    default: summary = ": [\(errors.map(\.message).joined(separator: ", "))]"
    }
    return KubeAPIError(
      .invalid, "\(qualifiedKind) \"\(name)\" is invalid\(summary)", name: name,
      group: type.group.isEmpty ? nil : type.group, kind: type.kind, causes: errors.map(\.cause))
  }

  static func forbidden(_ resource: ServedResource, name: String, _ reason: String) -> KubeAPIError {
    KubeAPIError(
      .forbidden, "\(resource.qualifiedResource) \"\(name)\" is forbidden: \(reason)", name: name,
      group: resource.type.group.isEmpty ? nil : resource.type.group, kind: resource.type.plural)
  }

  static func methodNotAllowed(_ method: String) -> KubeAPIError {
    KubeAPIError(.methodNotAllowed, "the server does not allow this method on the requested resource (\(method))")
  }

  static func unsupportedMediaType(_ contentType: String, accepted: [String]) -> KubeAPIError {
    KubeAPIError(
      .unsupportedMediaType,
      "the body of the request was in an unknown format - accepted media types include: "
        + accepted.joined(separator: ", "))
  }

  /// A watch resumed from a version the history no longer holds (client-go relists on this).
  static func expired(requested: UInt64, oldest: UInt64) -> KubeAPIError {
    KubeAPIError(.gone, "too old resource version: \(requested) (\(oldest))")
  }

  static let unauthorized = KubeAPIError(.unauthorized, "Unauthorized")
}
