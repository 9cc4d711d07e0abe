import Kube

/// The defaults and per-kind rules kube-apiserver (and the controllers that act at once, such as
/// the namespace and CRD controllers) apply on create and update, for the fields the mesh and
/// kubectl rely on.
enum ObjectDefaults {
  static func nameRule(for resource: ServedResource) -> NameValidation.Rule {
    switch resource.storageKey {
    case ResourceType.namespace.qualifiedName: .label
    case ResourceType.service.qualifiedName: .dns1035Label
    case _ where resource.type.group == "rbac.authorization.k8s.io": .pathSegment
    default: .subdomain
    }
  }

  /// Kind-specific defaults for a new object.
  static func onCreate(
    _ object: inout KubeObject, resource: ServedResource, in transaction: inout Transaction
  )
    throws(KubeAPIError)
  {
    switch resource.storageKey {
    case ResourceType.namespace.qualifiedName:
      defaultNamespace(&object)
      object.json.setValue(["phase": "Active"], at: ["status"])
    case ResourceType.service.qualifiedName:
      try ServiceDefaults.onCreate(&object, in: &transaction)
    case ResourceType.pod.qualifiedName:
      defaultPod(&object)
      object.status = ["phase": "Pending"]
    case ResourceType.deployment.qualifiedName:
      defaultDeployment(&object)
    case ResourceType.daemonSet.qualifiedName:
      if object.json.value(at: ["spec", "updateStrategy"]) == nil {
        object.json.setValue(
          ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 1, "maxSurge": 0]],
          at: ["spec", "updateStrategy"])
      }
    case ResourceType.customResourceDefinition.qualifiedName:
      let definition = try ServedCustomResource(object: object)
      object.status = definition.status(now: transaction.timestamp, previous: nil)
    default:
      break
    }
  }

  /// Kind-specific rules for an update of `old` to `object`.
  static func onUpdate(
    _ object: inout KubeObject, old: KubeObject, resource: ServedResource, in transaction: inout Transaction
  ) throws(KubeAPIError) {
    switch resource.storageKey {
    case ResourceType.namespace.qualifiedName:
      defaultNamespace(&object)
    case ResourceType.service.qualifiedName:
      try ServiceDefaults.onUpdate(&object, old: old, in: &transaction)
    case ResourceType.pod.qualifiedName:
      defaultPod(&object)
    case ResourceType.deployment.qualifiedName:
      defaultDeployment(&object)
    case ResourceType.customResourceDefinition.qualifiedName:
      let definition = try ServedCustomResource(object: object)
      let previous = try? ServedCustomResource(object: old)
      if let previous, previous.group != definition.group || previous.plural != definition.plural {
        throw KubeAPIError.invalid(
          .customResourceDefinition, name: object.name,
          [.invalid("spec.group", definition.group, "field is immutable")])
      }
      object.status = definition.status(now: transaction.timestamp, previous: old.status)
    default:
      break
    }
  }

  /// The `kubernetes.io/metadata.name` label is always the namespace's name, and the namespace
  /// controller's `kubernetes` finalizer is listed.
  private static func defaultNamespace(_ object: inout KubeObject) {
    var labels = object.labels
    labels["kubernetes.io/metadata.name"] = object.name
    object.labels = labels
    if object.json.value(at: ["spec", "finalizers"]) == nil {
      object.json.setValue(["kubernetes"], at: ["spec", "finalizers"])
    }
  }

  private static func defaultPod(_ object: inout KubeObject) {
    // The ServiceAccount admission plugin: pods run as `default` unless they name one.
    let account =
      object.json.value(at: ["spec", "serviceAccountName"])?.stringValue
      ?? object.json.value(at: ["spec", "serviceAccount"])?.stringValue ?? "default"
    object.json.setValue(.string(account), at: ["spec", "serviceAccountName"])
    object.json.setValue(.string(account), at: ["spec", "serviceAccount"])
    for (field, value) in [
      ("restartPolicy", JSONValue.string("Always")), ("dnsPolicy", "ClusterFirst"),
      ("schedulerName", "default-scheduler"), ("terminationGracePeriodSeconds", 30),
    ] where object.json.value(at: ["spec", field]) == nil {
      object.json.setValue(value, at: ["spec", field])
    }
  }

  private static func defaultDeployment(_ object: inout KubeObject) {
    for (field, value) in [
      ("replicas", JSONValue.int(1)), ("revisionHistoryLimit", 10), ("progressDeadlineSeconds", 600),
      ("strategy", ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": "25%", "maxSurge": "25%"]]),
    ] where object.json.value(at: ["spec", field]) == nil {
      object.json.setValue(value, at: ["spec", field])
    }
  }
}
