import Kube

/// Checks that a request body is an object of the resource the path names, in the path's
/// namespace and (for writes of one object) with the path's name: kube-apiserver's 400s for
/// mismatches, so a manifest sent to the wrong place is refused rather than stored oddly.
enum ObjectIdentity {
  static func check(
    _ body: JSONValue, resource: ServedResource, namespace: String?, name: String?
  )
    throws(KubeAPIError) -> KubeObject
  {
    guard var object = try? KubeObject(json: body) else {
      throw KubeAPIError.badRequest("the request body must be a JSON object, not \(body.kindDescription)")
    }
    guard let kind = body["kind"]?.stringValue, !kind.isEmpty else {
      throw KubeAPIError.badRequest("Object 'Kind' is missing in '\(excerpt(body))'")
    }
    guard let apiVersion = body["apiVersion"]?.stringValue, !apiVersion.isEmpty else {
      throw KubeAPIError.badRequest("Object 'apiVersion' is missing in '\(excerpt(body))'")
    }
    if apiVersion != resource.type.apiVersion {
      throw KubeAPIError.badRequest(
        "the API version in the data (\(apiVersion)) does not match the expected API version (\(resource.type.apiVersion))"
      )
    }
    if kind != resource.type.kind {
      throw KubeAPIError.badRequest(
        "the kind in the data (\(kind)) does not match the expected kind (\(resource.type.kind)) for \(resource.qualifiedResource)"
      )
    }
    if resource.type.namespaced, let namespace {
      if !object.namespace.isEmpty, object.namespace != namespace {
        throw KubeAPIError.badRequest(
          "the namespace of the provided object (\(object.namespace)) does not match the namespace sent on the request (\(namespace))"
        )
      }
      object.namespace = namespace
    } else if !resource.type.namespaced {
      object.namespace = ""
    }
    if let name, object.name != name {
      throw KubeAPIError.badRequest(
        "the name of the object (\(object.name)) does not match the name on the URL (\(name))")
    }
    return object
  }

  private static func excerpt(_ body: JSONValue) -> String {
    let text = body.jsonText
    return text.count > 200 ? String(text.prefix(200)) + "..." : text
  }
}

extension JSONValue {
  /// "an array", "a string": for messages about a value of the wrong type.
  var kindDescription: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .int, .double: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }
}
