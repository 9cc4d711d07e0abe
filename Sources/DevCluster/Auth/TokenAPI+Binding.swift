import Kube

extension TokenAPI {
  /// The objects a requested token is bound to; the token dies with them.
  struct BoundObjects: Sendable, Hashable {
    struct Reference: Sendable, Hashable {
      var name: String
      var uid: String?
    }

    var pod: Reference?
    var secret: Reference?
    /// The bound pod's node (informational), or the bound node.
    var node: Reference?
  }

  /// Resolves `spec.boundObjectRef` against the store as kube-apiserver does: only core/v1 Pod,
  /// Secret and Node; the object must exist; a pod must run as this service account; a given uid
  /// must match (a pod recreated under the same name is another pod).
  static func boundObjects(
    _ reference: JSONValue?, namespace: String, serviceAccountName: String, lookup: Lookup
  ) throws(KubeAPIError) -> BoundObjects {
    guard let reference, !reference.isNull else { return BoundObjects() }
    guard reference.objectValue != nil else {
      throw KubeAPIError(.badRequest, "spec.boundObjectRef must be an object, not \(reference.jsonText)")
    }
    let kind = reference["kind"]?.stringValue ?? ""
    let apiVersion = reference["apiVersion"]?.stringValue ?? ""
    let name = reference["name"]?.stringValue ?? ""
    let requestedUID = reference["uid"]?.stringValue ?? ""
    let parts = apiVersion.split(separator: "/", maxSplits: 1).map(String.init)
    let group = parts.count == 2 ? parts[0] : ""
    let version = parts.last ?? ""

    var bound = BoundObjects()
    let object: KubeObject
    switch (group, kind) {
    case ("", "Pod"):
      let pod = try find(.pod, namespace: namespace, name: name, lookup: lookup)
      // An unset serviceAccountName means "default", which admission fills in on a real cluster.
      let podAccount = pod.spec?["serviceAccountName"]?.stringValue ?? ""
      if (podAccount.isEmpty ? "default" : podAccount) != serviceAccountName {
        throw KubeAPIError(
          .badRequest,
          "cannot bind token for serviceaccount \"\(serviceAccountName)\" to pod running with different "
            + "serviceaccount name.")
      }
      bound.pod = .init(name: pod.name, uid: pod.uid)
      if let nodeName = pod.spec?["nodeName"]?.stringValue, !nodeName.isEmpty {
        // A node that is gone still names itself in the token, without a uid (as Kubernetes does).
        let nodeUID = lookup(.node, "", nodeName)?.uid ?? ""
        bound.node = .init(name: nodeName, uid: nodeUID.isEmpty ? nil : nodeUID)
      }
      object = pod
    case ("", "Secret"):
      let secret = try find(.secret, namespace: namespace, name: name, lookup: lookup)
      bound.secret = .init(name: secret.name, uid: secret.uid)
      object = secret
    case ("", "Node"):
      let node = try find(.node, namespace: "", name: name, lookup: lookup)
      bound.node = .init(name: node.name, uid: node.uid)
      object = node
    default:
      throw KubeAPIError(.badRequest, "cannot bind token to object of type \(group)/\(version), Kind=\(kind)")
    }
    if !requestedUID.isEmpty, requestedUID != object.uid {
      throw KubeAPIError(
        .conflict,
        "Operation cannot be fulfilled on \(kind) \"\(name)\": the UID in the bound object reference "
          + "(\(requestedUID)) does not match the UID in record. The object might have been deleted and then "
          + "recreated", name: name, kind: kind)
    }
    return bound
  }

  private static func find(
    _ type: ResourceType, namespace: String, name: String, lookup: Lookup
  ) throws(KubeAPIError) -> KubeObject {
    guard !name.isEmpty else {
      throw KubeAPIError(.badRequest, "spec.boundObjectRef.name is required to bind a token to a \(type.kind)")
    }
    guard let object = lookup(type, namespace, name) else {
      throw KubeAPIError(.notFound, "\(type.plural) \"\(name)\" not found", name: name, kind: type.plural)
    }
    return object
  }
}
