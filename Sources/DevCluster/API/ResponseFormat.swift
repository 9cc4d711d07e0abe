import Foundation
import Kube

/// How a read answers: plain JSON objects or a Table for `kubectl get`, chosen from `Accept`.
enum ResponseFormat: Sendable, Equatable {
  case json
  /// `apiVersion` of the Table (`meta.k8s.io/v1` or `v1beta1`).
  case table(apiVersion: String, include: TablePrinter.IncludeObject)

  init(_ request: APIRequest) {
    self = .json
    for media in MediaType.parse(request.header("accept") ?? "application/json") {
      if media.isTable {
        let version = media.parameters["v"] == "v1beta1" ? "meta.k8s.io/v1beta1" : "meta.k8s.io/v1"
        let include = TablePrinter.IncludeObject(rawValue: request.query["includeObject"] ?? "") ?? .metadata
        self = .table(apiVersion: version, include: include)
        return
      }
      if media.type == "application/json" || media.type == "*/*" || media.type == "application/*" { return }
    }
  }
}

/// Presents stored objects at the version a request names. Custom resources may be stored at one
/// served version and read at another: with no conversion webhooks (strategy None) only
/// `apiVersion` differs, as in Kubernetes.
enum ObjectPresentation {
  static func bytes(_ stored: StoredObject, as resource: ServedResource) -> [UInt8] {
    if stored.object.apiVersion == resource.type.apiVersion { return stored.bytes }
    return object(stored.object, as: resource).serialized()
  }

  static func object(_ object: KubeObject, as resource: ServedResource) -> KubeObject {
    guard object.apiVersion != resource.type.apiVersion else { return object }
    var converted = object
    converted.apiVersion = resource.type.apiVersion
    return converted
  }

  /// `{"apiVersion":...,"items":[...],"kind":"PodList","metadata":{...}}` by concatenating the
  /// objects' cached bytes.
  static func list(_ items: [StoredObject], resource: ServedResource, resourceVersion: UInt64) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(items.reduce(128) { $0 + $1.bytes.count + 1 })
    output.append(contentsOf: Array(#"{"apiVersion":"#.utf8))
    JSONValue.string(resource.type.apiVersion).write(into: &output)
    output.append(contentsOf: Array(#","items":["#.utf8))
    for (index, item) in items.enumerated() {
      if index > 0 { output.append(UInt8(ascii: ",")) }
      output.append(contentsOf: bytes(item, as: resource))
    }
    output.append(contentsOf: Array(#"],"kind":"#.utf8))
    JSONValue.string(resource.type.listKind).write(into: &output)
    output.append(contentsOf: Array(#","metadata":{"resourceVersion":""#.utf8))
    output.append(contentsOf: Array(String(resourceVersion).utf8))
    output.append(contentsOf: Array("\"}}".utf8))
    return output
  }
}
