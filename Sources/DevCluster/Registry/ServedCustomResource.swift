import Kube

/// What the server reads from an `apiextensions.k8s.io/v1 CustomResourceDefinition` to serve its
/// kind: names, scope and, per version, whether it is served, stored, has `/status` and which
/// columns `kubectl get` prints. Parsing validates like kube-apiserver does, so a broken CRD is
/// refused with a 422 that names the field, instead of serving a half-defined resource.
struct ServedCustomResource: Sendable, Hashable {
  struct Version: Sendable, Hashable {
    var name: String
    var served: Bool
    var storage: Bool
    var hasStatusSubresource: Bool
    var printerColumns: [PrinterColumn]
  }

  var name: String
  var group: String
  var plural: String
  var singular: String
  var kind: String
  var listKind: String
  var shortNames: [String]
  var categories: [String]
  var namespaced: Bool
  var versions: [Version]

  init(object: KubeObject) throws(KubeAPIError) {
    let spec = object.spec ?? .object([:])
    let names = spec["names"] ?? .object([:])
    var errors: [FieldError] = []
    name = object.name
    group = spec["group"]?.stringValue ?? ""
    plural = names["plural"]?.stringValue ?? ""
    kind = names["kind"]?.stringValue ?? ""
    singular = names["singular"]?.stringValue ?? kind.lowercased()
    listKind = names["listKind"]?.stringValue ?? (kind.isEmpty ? "" : kind + "List")
    shortNames = (names["shortNames"]?.arrayValue ?? []).compactMap(\.stringValue)
    categories = (names["categories"]?.arrayValue ?? []).compactMap(\.stringValue)
    let scope = spec["scope"]?.stringValue ?? ""
    namespaced = scope == "Namespaced"
    versions = []

    if group.isEmpty {
      errors.append(.required("spec.group"))
    } else if !group.contains(".") {
      errors.append(.invalid("spec.group", group, "should be a domain with at least one dot"))
    }
    if plural.isEmpty { errors.append(.required("spec.names.plural")) }
    if kind.isEmpty { errors.append(.required("spec.names.kind")) }
    if scope != "Namespaced" && scope != "Cluster" {
      errors.append(
        FieldError(
          field: "spec.scope", kind: .notSupported(scope), detail: "supported values: \"Cluster\", \"Namespaced\""))
    }
    if !plural.isEmpty, !group.isEmpty, name != "\(plural).\(group)" {
      errors.append(.invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"))
    }
    let versionList = spec["versions"]?.arrayValue ?? []
    if versionList.isEmpty {
      errors.append(.required("spec.versions", "must have exactly one version marked as storage version"))
    }
    for (index, entry) in versionList.enumerated() {
      guard let versionName = entry["name"]?.stringValue, !versionName.isEmpty else {
        errors.append(.required("spec.versions[\(index)].name"))
        continue
      }
      var columns: [PrinterColumn] = []
      for column in entry["additionalPrinterColumns"]?.arrayValue ?? [] {
        columns.append(
          PrinterColumn(
            name: column["name"]?.stringValue ?? "", type: column["type"]?.stringValue ?? "string",
            format: column["format"]?.stringValue ?? "", description: column["description"]?.stringValue ?? "",
            priority: Int(column["priority"]?.intValue ?? 0), jsonPath: column["jsonPath"]?.stringValue ?? ""))
      }
      versions.append(
        Version(
          name: versionName, served: entry["served"]?.boolValue ?? false,
          storage: entry["storage"]?.boolValue ?? false,
          hasStatusSubresource: entry.value(at: ["subresources", "status"]) != nil, printerColumns: columns))
    }
    if !versionList.isEmpty, versions.filter(\.storage).count != 1 {
      errors.append(
        .invalid("spec.versions", "", "must have exactly one version marked as storage version"))
    }
    if !errors.isEmpty { throw KubeAPIError.invalid(.customResourceDefinition, name: name, errors) }
  }

  var storageVersion: String { versions.first(where: \.storage)?.name ?? versions.first?.name ?? "" }

  /// One entry per served version, each routable at `/apis/<group>/<version>/<plural>`.
  var servedResources: [ServedResource] {
    versions.filter(\.served).map { version in
      // Kubernetes prints Age when a version declares no columns of its own.
      let columns = version.printerColumns.isEmpty ? [PrinterColumn.age] : version.printerColumns
      return ServedResource(
        ResourceType(
          group: group, version: version.name, kind: kind, plural: plural, singular: singular,
          namespaced: namespaced, shortNames: shortNames),
        hasStatusSubresource: version.hasStatusSubresource, isCustom: true, printerColumns: columns,
        categories: categories)
    }
  }

  /// The status the apiextensions controllers would settle on: names accepted and established.
  /// Transition times are kept from `previous` when the condition did not change.
  func status(now: String, previous: JSONValue?) -> JSONValue {
    func time(of type: String) -> String {
      for condition in previous?["conditions"]?.arrayValue ?? []
      where condition["type"]?.stringValue == type && condition["status"]?.stringValue == "True" {
        return condition["lastTransitionTime"]?.stringValue ?? now
      }
      return now
    }
    var accepted: JSONValue = [
      "plural": .string(plural), "singular": .string(singular), "kind": .string(kind),
      "listKind": .string(listKind),
    ]
    if !shortNames.isEmpty { accepted["shortNames"] = .array(shortNames.map(JSONValue.string)) }
    if !categories.isEmpty { accepted["categories"] = .array(categories.map(JSONValue.string)) }
    var stored = (previous?["storedVersions"]?.arrayValue ?? []).compactMap(\.stringValue)
    if !stored.contains(storageVersion) { stored.append(storageVersion) }
    return [
      "acceptedNames": accepted,
      "conditions": [
        [
          "type": "NamesAccepted", "status": "True", "reason": "NoConflicts", "message": "no conflicts found",
          "lastTransitionTime": .string(time(of: "NamesAccepted")),
        ],
        [
          "type": "Established", "status": "True", "reason": "InitialNamesAccepted",
          "message": "the initial names have been accepted", "lastTransitionTime": .string(time(of: "Established")),
        ],
      ],
      "storedVersions": .array(stored.map(JSONValue.string)),
    ]
  }
}
