import Kube

/// The OpenAPI v3 documents kubectl 1.32 reads before `apply` and `create`: an index of group
/// versions (`/openapi/v3`) and, per group version, the PATCH operation of each kind declaring the
/// `fieldValidation` query parameter. With that, kubectl leaves validation to the server
/// (`fieldValidation=Strict`) instead of downloading full schemas; the PATCH operations declare
/// no request body, so `kubectl apply` computes its patches from its compiled-in types, as it
/// does against any server without strategic-merge schemas. No schemas are served: the dev
/// cluster does not validate objects against OpenAPI (and `kubectl explain` has nothing to show).
/// `/openapi/v2` is not served (404), which kubectl tolerates.
enum OpenAPIDocuments {
  private static func groupVersionPath(group: String, version: String) -> String {
    group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
  }

  static func v3Index(_ registry: ResourceRegistry) -> JSONValue {
    var paths: [String: JSONValue] = [:]
    var groupVersions: [(String, String)] = [("", "v1")]
    for group in registry.groups {
      for version in group.versions { groupVersions.append((group.name, version)) }
    }
    for (group, version) in groupVersions {
      guard let document = v3(registry, group: group, version: version) else { continue }
      let path = groupVersionPath(group: group, version: version)
      paths[path] = ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(hash(document))")]
    }
    return ["paths": .object(paths)]
  }

  static func v3(_ registry: ResourceRegistry, group: String, version: String) -> JSONValue? {
    let resources = registry.resources(group: group, version: version)
    guard !resources.isEmpty else { return nil }
    var paths: [String: JSONValue] = [:]
    for resource in resources where resource.storage == .stored {
      let type = resource.type
      let prefix = "/" + groupVersionPath(group: group, version: version)
      let path =
        type.namespaced ? "\(prefix)/namespaces/{namespace}/\(type.plural)/{name}" : "\(prefix)/\(type.plural)/{name}"
      let kind: JSONValue = ["group": .string(group), "version": .string(version), "kind": .string(type.kind)]
      paths[path] = [
        "patch": [
          "operationId": .string("patch\(type.kind)"),
          "x-kubernetes-action": "patch",
          "x-kubernetes-group-version-kind": kind,
          "parameters": [
            ["name": "fieldValidation", "in": "query", "schema": ["type": "string", "uniqueItems": true]],
            ["name": "fieldManager", "in": "query", "schema": ["type": "string", "uniqueItems": true]],
            ["name": "dryRun", "in": "query", "schema": ["type": "string", "uniqueItems": true]],
          ],
          "responses": ["200": ["description": "OK"]],
        ],
        "put": [
          "operationId": .string("replace\(type.kind)"),
          "x-kubernetes-action": "put",
          "x-kubernetes-group-version-kind": kind,
          "parameters": [
            ["name": "fieldValidation", "in": "query", "schema": ["type": "string", "uniqueItems": true]]
          ],
          "responses": ["200": ["description": "OK"]],
        ],
      ]
      let collection = type.namespaced ? "\(prefix)/namespaces/{namespace}/\(type.plural)" : "\(prefix)/\(type.plural)"
      paths[collection] = [
        "post": [
          "operationId": .string("create\(type.kind)"),
          "x-kubernetes-action": "post",
          "x-kubernetes-group-version-kind": kind,
          "parameters": [
            ["name": "fieldValidation", "in": "query", "schema": ["type": "string", "uniqueItems": true]]
          ],
          "responses": ["201": ["description": "Created"]],
        ]
      ]
    }
    return [
      "openapi": "3.0.0", "info": ["title": "Kubernetes", "version": "v1.32.0"], "paths": .object(paths),
      "components": ["schemas": .object([:])],
    ]
  }

  /// FNV-1a over the document: clients cache per URL, so the URL changes when the document does.
  private static func hash(_ document: JSONValue) -> String {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in document.serialized() {
      value ^= UInt64(byte)
      value = value &* 0x100_0000_01b3
    }
    let hex = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
