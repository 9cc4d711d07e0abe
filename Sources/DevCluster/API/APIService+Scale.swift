import Kube

/// The `/scale` subresource of Deployments, ReplicaSets and StatefulSets as an autoscaling/v1
/// Scale: what `kubectl scale` reads and patches. A write changes only `spec.replicas` of the
/// workload (through the ordinary patch path, so admission and watches see a normal update).
extension APIService {
  func scale(
    _ resource: ServedResource, path: APIPath.ResourcePath, name: String, request: APIRequest,
    snapshot: ClusterSnapshot
  ) throws(KubeAPIError) -> APIResponse {
    switch request.method {
    case "GET", "HEAD":
      guard let stored = snapshot.get(resource, namespace: path.namespace ?? "", name: name) else {
        throw KubeAPIError.notFound(resource, name: name)
      }
      return Self.scaleResponse(of: stored.object)
    case "PUT", "PATCH":
      let replicas = try Self.requestedReplicas(request)
      var change = request
      change.method = "PATCH"
      change.headers["content-type"] = PatchType.merge.rawValue
      change.body = (["spec": ["replicas": .int(replicas)]] as JSONValue).serialized()
      _ = try patch(resource, path: path, name: name, target: .main, request: change)
      guard let stored = cluster.snapshot().get(resource, namespace: path.namespace ?? "", name: name) else {
        throw KubeAPIError.notFound(resource, name: name)
      }
      return Self.scaleResponse(of: stored.object)
    default:
      throw KubeAPIError.methodNotAllowed(request.method)
    }
  }

  /// The replica count a Scale write asks for: a Scale object or merge patch (`spec.replicas`),
  /// or a JSON patch that replaces `/spec/replicas`.
  private static func requestedReplicas(_ request: APIRequest) throws(KubeAPIError) -> Int64 {
    let body = try parseJSON(request.body)
    var value = body["spec"]?["replicas"]
    if let operations = body.arrayValue {
      value = operations.last { $0["path"]?.stringValue == "/spec/replicas" }?["value"]
    }
    guard let replicas = value?.intValue else {
      throw KubeAPIError.badRequest("a scale request must set spec.replicas to a whole number")
    }
    guard replicas >= 0 else {
      throw KubeAPIError.badRequest("spec.replicas must be 0 or more, not \(replicas)")
    }
    return replicas
  }

  private static func scaleResponse(of object: KubeObject) -> APIResponse {
    let json = object.json
    var metadata: JSONValue = [:]
    for key in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
      if let value = json["metadata"]?[key] { metadata[key] = value }
    }
    let labels = json["spec"]?["selector"]?["matchLabels"]?.objectValue ?? [:]
    let selector = labels.keys.sorted().compactMap { key in labels[key]?.stringValue.map { "\(key)=\($0)" } }
    let scale: JSONValue = [
      "kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": metadata,
      "spec": ["replicas": json["spec"]?["replicas"] ?? .int(1)],
      "status": [
        "replicas": json["status"]?["replicas"] ?? .int(0),
        "selector": .string(selector.joined(separator: ",")),
      ],
    ]
    return .body(status: 200, contentType: "application/json", bytes: scale.serialized())
  }
}
