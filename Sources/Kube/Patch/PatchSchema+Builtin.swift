/// Patch metadata of the built-in kinds the dev API server serves, transcribed from the
/// `patchStrategy`/`patchMergeKey` tags of `k8s.io/api` (core/v1, apps/v1, discovery/v1, ...).
extension PatchSchema {
  static let builtin: [BuiltinKey: PatchSchema] = {
    var table: [BuiltinKey: PatchSchema] = [:]
    func add(_ group: String, _ kind: String, _ lists: [[String]: ListStrategy]) {
      let all = lists.merging(objectMeta(at: ["metadata"])) { own, _ in own }
      table[BuiltinKey(group: group, kind: kind)] = PatchSchema(lists: all)
    }
    add("", "Pod", podSpec(at: ["spec"]).merging(podStatus(at: ["status"])) { own, _ in own })
    add(
      "", "Node",
      [
        ["spec", "podCIDRs"]: .mergeSet,
        ["status", "conditions"]: .mergeByKey("type"),
        ["status", "addresses"]: .mergeByKey("type"),
      ])
    add("", "Service", [["spec", "ports"]: .mergeByKey("port"), ["status", "conditions"]: .mergeByKey("type")])
    add("", "ServiceAccount", [["secrets"]: .mergeByKey("name")])
    add("", "Namespace", [["status", "conditions"]: .mergeByKey("type")])
    add("", "Secret", [:])
    add("", "ConfigMap", [:])
    add("apps", "Deployment", podTemplate(at: ["spec", "template"]).merging(workloadStatus) { own, _ in own })
    add("apps", "DaemonSet", podTemplate(at: ["spec", "template"]).merging(workloadStatus) { own, _ in own })
    // EndpointSlice lists (endpoints, ports) carry no patch tags: they replace.
    add("discovery.k8s.io", "EndpointSlice", [:])
    add("coordination.k8s.io", "Lease", [:])
    add("authentication.k8s.io", "TokenReview", [:])
    add("apiextensions.k8s.io", "CustomResourceDefinition", [:])
    return table
  }()

  private static let workloadStatus: [[String]: ListStrategy] = [["status", "conditions"]: .mergeByKey("type")]

  /// `ObjectMeta` at `prefix` (the object's own `metadata`, or a pod template's).
  static func objectMeta(at prefix: [String]) -> [[String]: ListStrategy] {
    [prefix + ["ownerReferences"]: .mergeByKey("uid"), prefix + ["finalizers"]: .mergeSet]
  }

  /// A `PodTemplateSpec` at `prefix` (`spec.template` of Deployments and DaemonSets).
  static func podTemplate(at prefix: [String]) -> [[String]: ListStrategy] {
    objectMeta(at: prefix + ["metadata"]).merging(podSpec(at: prefix + ["spec"])) { own, _ in own }
  }

  /// A `PodSpec` at `prefix`.
  static func podSpec(at prefix: [String]) -> [[String]: ListStrategy] {
    var lists: [[String]: ListStrategy] = [
      prefix + ["volumes"]: .mergeByKey("name"),
      prefix + ["imagePullSecrets"]: .mergeByKey("name"),
      prefix + ["hostAliases"]: .mergeByKey("ip"),
      prefix + ["topologySpreadConstraints"]: .mergeByKey("topologyKey"),
      prefix + ["schedulingGates"]: .mergeByKey("name"),
      prefix + ["resourceClaims"]: .mergeByKey("name"),
    ]
    for field in ["containers", "initContainers", "ephemeralContainers"] {
      let container = prefix + [field]
      lists[container] = .mergeByKey("name")
      lists[container + ["ports"]] = .mergeByKey("containerPort")
      lists[container + ["env"]] = .mergeByKey("name")
      lists[container + ["volumeMounts"]] = .mergeByKey("mountPath")
      lists[container + ["volumeDevices"]] = .mergeByKey("devicePath")
    }
    return lists
  }

  /// A `PodStatus` at `prefix`.
  static func podStatus(at prefix: [String]) -> [[String]: ListStrategy] {
    [
      prefix + ["conditions"]: .mergeByKey("type"),
      prefix + ["podIPs"]: .mergeByKey("ip"),
      prefix + ["hostIPs"]: .mergeByKey("ip"),
      prefix + ["resourceClaimStatuses"]: .mergeByKey("name"),
    ]
  }
}
