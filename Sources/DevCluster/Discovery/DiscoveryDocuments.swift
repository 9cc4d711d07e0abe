import Kube

/// The discovery documents kubectl reads before anything else: `/version`, `/api`, `/apis`,
/// `/apis/<group>` and the APIResourceLists of each group version. Aggregated discovery
/// (`as=APIGroupDiscoveryList`) is answered in this legacy form, which kubectl falls back to.
enum DiscoveryDocuments {
  /// The Kubernetes version the server implements the API of.
  static let version: JSONValue = [
    "major": "1", "minor": "32", "gitVersion": "v1.32.0", "gitCommit": "devcluster", "gitTreeState": "clean",
    "buildDate": "2025-01-01T00:00:00Z", "goVersion": "go1.23.4", "compiler": "gc", "platform": "linux/amd64",
  ]

  static func coreVersions(serverAddress: String) -> JSONValue {
    [
      "kind": "APIVersions", "versions": ["v1"],
      "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]],
    ]
  }

  static func group(_ group: ResourceRegistry.Group) -> JSONValue {
    let versions: [JSONValue] = group.versions.map {
      ["groupVersion": .string("\(group.name)/\($0)"), "version": .string($0)]
    }
    return [
      "kind": "APIGroup", "apiVersion": "v1", "name": .string(group.name), "versions": .array(versions),
      "preferredVersion": versions.first ?? .null,
    ]
  }

  static func groupList(_ registry: ResourceRegistry) -> JSONValue {
    let groups: [JSONValue] = registry.groups.map {
      var entry = group($0)
      entry["kind"] = nil
      entry["apiVersion"] = nil
      return entry
    }
    return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups)]
  }

  /// The APIResourceList of one group version, or nil when nothing is served there.
  static func resourceList(_ registry: ResourceRegistry, group: String, version: String) -> JSONValue? {
    let resources = registry.resources(group: group, version: version)
    guard !resources.isEmpty else { return nil }
    var entries: [JSONValue] = []
    for resource in resources.sorted(by: { $0.type.plural < $1.type.plural }) {
      var entry: JSONValue = [
        "name": .string(resource.type.plural), "singularName": .string(resource.type.singular),
        "namespaced": .bool(resource.type.namespaced), "kind": .string(resource.type.kind),
        "verbs": .array(resource.verbs.map(JSONValue.string)),
      ]
      if !resource.type.shortNames.isEmpty {
        entry["shortNames"] = .array(resource.type.shortNames.map(JSONValue.string))
      }
      if !resource.categories.isEmpty { entry["categories"] = .array(resource.categories.map(JSONValue.string)) }
      entries.append(entry)
      if resource.hasStatusSubresource {
        entries.append([
          "name": .string("\(resource.type.plural)/status"), "singularName": "",
          "namespaced": .bool(resource.type.namespaced), "kind": .string(resource.type.kind),
          "verbs": ["get", "patch", "update"],
        ])
      }
      if resource.hasScaleSubresource {
        entries.append([
          "name": .string("\(resource.type.plural)/scale"), "singularName": "", "namespaced": true,
          "group": "autoscaling", "version": "v1", "kind": "Scale", "verbs": ["get", "patch", "update"],
        ])
      }
      if resource.hasProxySubresource {
        entries.append([
          "name": "pods/proxy", "singularName": "", "namespaced": true, "kind": "PodProxyOptions",
          "verbs": ["create", "delete", "get", "patch", "update"],
        ])
      }
      if resource.hasTokenSubresource {
        entries.append([
          "name": "serviceaccounts/token", "singularName": "", "namespaced": true,
          "group": "authentication.k8s.io", "version": "v1", "kind": "TokenRequest", "verbs": ["create"],
        ])
      }
    }
    return [
      "kind": "APIResourceList", "apiVersion": "v1",
      "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"), "resources": .array(entries),
    ]
  }
}
