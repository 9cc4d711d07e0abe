import Foundation
import Kube

extension APIService {
  static let patchTypes = [
    PatchType.json.rawValue, PatchType.merge.rawValue, PatchType.strategic.rawValue, PatchType.apply.rawValue,
  ]

  /// PATCH with any of the four Kubernetes patch types.
  ///
  /// Server-side apply (`application/apply-patch+yaml`) is simplified: the applied configuration
  /// is merged into the live object (strategic merge for built-in kinds, JSON merge for custom
  /// resources) and created when absent. Field ownership (`managedFields`) is not tracked, so
  /// there are no apply conflicts and `force` changes nothing, and fields a manager stops
  /// applying are not removed.
  func patch(
    _ resource: ServedResource, path: APIPath.ResourcePath, name: String, target: Transaction.UpdateTarget,
    request: APIRequest
  ) throws(KubeAPIError) -> APIResponse {
    guard let type = PatchType(rawValue: request.contentType) else {
      throw KubeAPIError.unsupportedMediaType(request.contentType, accepted: Self.patchTypes)
    }
    let dryRun = try DryRun.parse(request.query.all("dryRun"))
    guard !request.body.isEmpty else { throw KubeAPIError.badRequest("the patch is empty") }
    let patch: JSONValue
    switch type {
    case .apply:
      guard let manager = request.query["fieldManager"], !manager.isEmpty else {
        throw KubeAPIError.invalid(
          ResourceType(group: "meta.k8s.io", version: "v1", kind: "PatchOptions", plural: "", namespaced: false),
          name: "", [.required("fieldManager", "is required for apply patch")])
      }
      patch = try Self.parseYAML(request.body)
    case .strategic:
      guard PatchSchema.forKind(apiVersion: resource.type.apiVersion, kind: resource.type.kind) != nil else {
        throw KubeAPIError.unsupportedMediaType(
          request.contentType, accepted: [PatchType.json.rawValue, PatchType.merge.rawValue, PatchType.apply.rawValue])
      }
      patch = try Self.parseJSON(request.body)
    case .json, .merge:
      patch = try Self.parseJSON(request.body)
    }
    if type == .json { try Self.checkJSONPatch(patch) }
    let namespace = resource.type.namespaced ? path.namespace ?? "" : ""
    let ref = ObjectRef(storageKey: resource.storageKey, namespace: namespace, name: name)
    let (stored, created) = try cluster.write(dryRun: dryRun) {
      (transaction) throws(KubeAPIError) -> (StoredObject, Bool) in
      guard let existing = transaction.get(ref) else {
        guard type == .apply, target == .main else { throw KubeAPIError.notFound(resource, name: name) }
        let object = try ObjectIdentity.check(patch, resource: resource, namespace: path.namespace, name: name)
        return (try transaction.create(object, resource: resource), true)
      }
      if type == .apply {
        _ = try ObjectIdentity.check(patch, resource: resource, namespace: path.namespace, name: name)
      }
      let patched = try Self.apply(type, patch, to: existing.object, resource: resource)
      let object = try ObjectIdentity.check(patched, resource: resource, namespace: path.namespace, name: name)
      return (try transaction.update(object, resource: resource, target: target, requireResourceVersion: false), false)
    }
    return .body(
      status: created ? 201 : 200, contentType: "application/json",
      bytes: ObjectPresentation.bytes(stored, as: resource))
  }

  /// A JSON patch that is not a list of operations is a 400 (it cannot be decoded); one that
  /// fails to apply is a 422.
  private static func checkJSONPatch(_ patch: JSONValue) throws(KubeAPIError) {
    guard let operations = patch.arrayValue else {
      throw KubeAPIError.badRequest("a JSON patch must be an array of operations, not \(patch.kindDescription)")
    }
    for (index, operation) in operations.enumerated() {
      do { _ = try JSONPatchOperation(json: operation, index: index) } catch {
        throw KubeAPIError.badRequest(error.message)
      }
    }
  }

  static func apply(
    _ type: PatchType, _ patch: JSONValue, to object: KubeObject, resource: ServedResource
  )
    throws(KubeAPIError) -> JSONValue
  {
    do {
      switch type {
      case .merge:
        return JSONMergePatch.apply(patch, to: object.json)
      case .json:
        return try JSONPatch.apply(patch, to: object.json)
      case .strategic, .apply:
        if let schema = PatchSchema.forKind(apiVersion: resource.type.apiVersion, kind: resource.type.kind) {
          return try StrategicMergePatch.apply(patch, to: object.json, schema: schema)
        }
        return JSONMergePatch.apply(patch, to: object.json)
      }
    } catch {
      throw KubeAPIError(.invalid, error.message)
    }
  }
}
