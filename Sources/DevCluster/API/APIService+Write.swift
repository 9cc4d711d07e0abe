import Foundation
import Kube

extension APIService {
  /// The request body as JSON: `application/json` (the default) or `application/yaml`.
  func decodeBody(_ request: APIRequest) throws(KubeAPIError) -> JSONValue {
    guard !request.body.isEmpty else {
      throw KubeAPIError.badRequest("the request body is empty; send the object as JSON")
    }
    switch request.contentType {
    case "application/json", "", "*/*":
      return try Self.parseJSON(request.body)
    case "application/yaml", "application/x-yaml", "text/yaml":
      return try Self.parseYAML(request.body)
    case KubeProtobuf.contentType:
      return try KubeProtobuf.decode(request.body)
    default:
      throw KubeAPIError.unsupportedMediaType(
        request.contentType, accepted: ["application/json", "application/yaml", KubeProtobuf.contentType])
    }
  }

  static func parseJSON(_ bytes: [UInt8]) throws(KubeAPIError) -> JSONValue {
    do { return try JSONParser.parse(bytes) } catch {
      throw KubeAPIError.badRequest("the request body is not valid JSON: \(error.description)")
    }
  }

  static func parseYAML(_ bytes: [UInt8]) throws(KubeAPIError) -> JSONValue {
    do { return try YAMLDocuments.parseOne(String(decoding: bytes, as: UTF8.self)) } catch {
      throw KubeAPIError.badRequest("the request body is not valid YAML: \(error.description)")
    }
  }

  func create(
    _ resource: ServedResource, path: APIPath.ResourcePath, request: APIRequest
  ) throws(KubeAPIError)
    -> APIResponse
  {
    let body = try decodeBody(request)
    let dryRun = try DryRun.parse(request.query.all("dryRun"))
    let object = try ObjectIdentity.check(body, resource: resource, namespace: path.namespace, name: nil)
    let stored = try cluster.write(dryRun: dryRun) { (transaction) throws(KubeAPIError) in
      try transaction.create(object, resource: resource)
    }
    return .body(status: 201, contentType: "application/json", bytes: ObjectPresentation.bytes(stored, as: resource))
  }

  func update(
    _ resource: ServedResource, path: APIPath.ResourcePath, name: String, target: Transaction.UpdateTarget,
    request: APIRequest
  ) throws(KubeAPIError) -> APIResponse {
    let body = try decodeBody(request)
    let dryRun = try DryRun.parse(request.query.all("dryRun"))
    let object = try ObjectIdentity.check(body, resource: resource, namespace: path.namespace, name: name)
    let stored = try cluster.write(dryRun: dryRun) { (transaction) throws(KubeAPIError) in
      try transaction.update(object, resource: resource, target: target, requireResourceVersion: resource.isCustom)
    }
    return .body(status: 200, contentType: "application/json", bytes: ObjectPresentation.bytes(stored, as: resource))
  }

  func delete(
    _ resource: ServedResource, path: APIPath.ResourcePath, name: String, request: APIRequest
  )
    throws(KubeAPIError) -> APIResponse
  {
    let body =
      request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
      ? nil : try Self.parseJSON(request.body)
    let options = try DeleteOptions(body: body, query: request.query)
    let ref = ObjectRef(
      storageKey: resource.storageKey, namespace: resource.type.namespaced ? path.namespace ?? "" : "", name: name)
    let stored = try cluster.write(dryRun: options.dryRun) { (transaction) throws(KubeAPIError) in
      try transaction.delete(ref, resource: resource, options: options)
    }
    return .body(status: 200, contentType: "application/json", bytes: ObjectPresentation.bytes(stored, as: resource))
  }

  /// DELETE on a collection: every matching object, answered with the list of what was deleted.
  func deleteCollection(
    _ resource: ServedResource, path: APIPath.ResourcePath, request: APIRequest
  )
    throws(KubeAPIError) -> APIResponse
  {
    let filter = try watchFilter(resource, namespace: path.namespace, request: request)
    let body = request.body.isEmpty ? nil : try Self.parseJSON(request.body)
    let options = try DeleteOptions(body: body, query: request.query)
    let (deleted, version) = try cluster.write(dryRun: options.dryRun) {
      (transaction) throws(KubeAPIError) -> ([StoredObject], UInt64) in
      var deleted: [StoredObject] = []
      let namespace = resource.type.namespaced ? path.namespace : nil
      for stored in transaction.list(storageKey: resource.storageKey, namespace: namespace)
      where filter.matches(stored.object) {
        let ref = ObjectRef(
          storageKey: resource.storageKey, namespace: stored.object.namespace, name: stored.object.name)
        // An earlier delete in this call may have collected it already.
        guard transaction.get(ref) != nil else { continue }
        deleted.append(try transaction.delete(ref, resource: resource, options: options))
      }
      return (deleted, transaction.resourceVersion)
    }
    return .body(
      status: 200, contentType: "application/json",
      bytes: ObjectPresentation.list(deleted, resource: resource, resourceVersion: version))
  }
}
