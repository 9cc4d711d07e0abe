import Foundation
import Kube

extension Transaction {
  /// Characters kube-apiserver uses for `generateName` suffixes (no vowels, no look-alikes).
  private static let suffixAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

  /// Creates `object` (already checked against the path) as `resource`: names it, validates it,
  /// checks its namespace, fills in server-set metadata and kind defaults, and stages it together
  /// with what creating it implies (a new namespace's default ServiceAccount and root CA ConfigMap).
  @discardableResult
  mutating func create(_ object: KubeObject, resource: ServedResource) throws(KubeAPIError) -> StoredObject {
    var object = object
    if object.name.isEmpty, let prefix = object.generateName, !prefix.isEmpty {
      object.name = generateName(prefix: prefix, resource: resource, namespace: object.namespace)
    }
    guard !object.name.isEmpty else {
      throw KubeAPIError.invalid(
        resource.type, name: "", [.required("metadata.name", "name or generateName is required")])
    }
    let problems = NameValidation.problems(object.name, rule: ObjectDefaults.nameRule(for: resource))
    if !problems.isEmpty {
      throw KubeAPIError.invalid(
        resource.type, name: object.name,
        problems.map { FieldError.invalid("metadata.name", object.name, $0) })
    }
    if resource.type.namespaced {
      try requireWritableNamespace(object.namespace, resource: resource, name: object.name)
    }
    let ref = ObjectRef(storageKey: resource.storageKey, namespace: object.namespace, name: object.name)
    if get(ref) != nil { throw KubeAPIError.alreadyExists(resource, name: object.name) }

    var metadata = object.metadata
    metadata["uid"] = .string(UUID().uuidString.lowercased())
    metadata["creationTimestamp"] = .string(timestamp)
    for field in ["resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "generation"] {
      metadata[field] = nil
    }
    object.metadata = metadata
    if Self.tracksGeneration(resource, object) { object.generation = 1 }
    // Status is the controllers' to write: a create never sets it (as in Kubernetes).
    if resource.hasStatusSubresource { object.status = nil }
    try ObjectDefaults.onCreate(&object, resource: resource, in: &self)

    let stored = put(object, at: ref)
    if resource.storageKey == ResourceType.namespace.qualifiedName {
      populateNamespace(object.name)
    }
    return stored
  }

  /// Whether `metadata.generation` counts spec changes: custom resources and the kinds with a
  /// spec outside the core group (Deployments, DaemonSets, CRDs...). Core kinds (Pod, Service,
  /// Namespace) do not have one in Kubernetes 1.32.
  static func tracksGeneration(_ resource: ServedResource, _ object: KubeObject) -> Bool {
    resource.isCustom || (!resource.type.group.isEmpty && object.spec != nil)
  }

  /// 404 when the namespace is missing, 403 when it is being deleted.
  func requireWritableNamespace(_ namespace: String, resource: ServedResource, name: String) throws(KubeAPIError) {
    guard !namespace.isEmpty else {
      throw KubeAPIError.badRequest("a namespace is required to create \(resource.qualifiedResource)")
    }
    guard let stored = get(ObjectRef(storageKey: ResourceType.namespace.qualifiedName, namespace: "", name: namespace))
    else { throw KubeAPIError.namespaceNotFound(namespace) }
    if stored.object.deletionTimestamp != nil {
      throw KubeAPIError.forbidden(
        resource, name: name,
        "unable to create new content in namespace \(namespace) because it is being terminated")
    }
  }

  private func generateName(prefix: String, resource: ServedResource, namespace: String) -> String {
    // Kubernetes trims the prefix so that prefix + 5 characters fits 63.
    let base = String(prefix.prefix(58))
    while true {
      var name = base
      for _ in 0..<5 { name.append(Self.suffixAlphabet.randomElement()!) }
      if get(ObjectRef(storageKey: resource.storageKey, namespace: namespace, name: name)) == nil { return name }
    }
  }

  /// What the service-account and root-CA-publisher controllers put in every namespace.
  mutating func populateNamespace(_ namespace: String) {
    let account = ObjectRef(
      storageKey: ResourceType.serviceAccount.qualifiedName, namespace: namespace, name: "default")
    if get(account) == nil {
      var object = KubeObject(type: .serviceAccount, namespace: namespace, name: "default")
      stampNew(&object)
      put(object, at: account)
    }
    ensureRootCAConfigMap(in: namespace)
  }

  /// `kube-root-ca.crt` with the cluster CA, created or corrected.
  mutating func ensureRootCAConfigMap(in namespace: String) {
    let ref = ObjectRef(
      storageKey: ResourceType.configMap.qualifiedName, namespace: namespace, name: "kube-root-ca.crt")
    let data: JSONValue = ["ca.crt": .string(context.caCertificatePEM)]
    if let existing = get(ref) {
      guard existing.object.json["data"] != data else { return }
      var object = existing.object
      object.json["data"] = data
      put(object, at: ref)
      return
    }
    var object = KubeObject(type: .configMap, namespace: namespace, name: "kube-root-ca.crt")
    object.json["data"] = data
    object.annotations = [
      "kubernetes.io/description":
        "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."
    ]
    stampNew(&object)
    put(object, at: ref)
  }

  /// The server-set metadata of an object the server itself creates.
  func stampNew(_ object: inout KubeObject) {
    object.uid = UUID().uuidString.lowercased()
    object.json.setValue(.string(timestamp), at: ["metadata", "creationTimestamp"])
  }
}
