import Kube

/// `DeleteOptions`, from the request body and query: how dependents are treated and what must
/// still hold for the delete to proceed.
struct DeleteOptions: Sendable, Equatable {
  enum Propagation: String, Sendable {
    case background = "Background"
    case foreground = "Foreground"
    case orphan = "Orphan"
  }

  var propagation: Propagation = .background
  var preconditionUID: String?
  var preconditionResourceVersion: String?
  var dryRun = false

  init() {}

  /// Reads `propagationPolicy`, `orphanDependents`, `preconditions` and `dryRun` from the body
  /// (a DeleteOptions object, possibly empty) and the query.
  init(body: JSONValue?, query: QueryParameters) throws(KubeAPIError) {
    var policy = query["propagationPolicy"]
    var orphan = query["orphanDependents"].map { $0 == "true" }
    var dryRunValues = query.all("dryRun")
    if let body, body.objectValue != nil {
      if let value = body["propagationPolicy"]?.stringValue { policy = value }
      if let value = body["orphanDependents"]?.boolValue { orphan = value }
      preconditionUID = body.value(at: ["preconditions", "uid"])?.stringValue
      preconditionResourceVersion = body.value(at: ["preconditions", "resourceVersion"])?.stringValue
      for value in body["dryRun"]?.arrayValue ?? [] { if let text = value.stringValue { dryRunValues.append(text) } }
    } else if let body, !body.isNull {
      throw KubeAPIError.badRequest("the body of a DELETE must be a DeleteOptions object, not \(body.kindDescription)")
    }
    if let policy {
      guard let parsed = Propagation(rawValue: policy) else {
        throw KubeAPIError.invalid(
          ResourceType(group: "meta.k8s.io", version: "v1", kind: "DeleteOptions", plural: "", namespaced: false),
          name: "",
          [
            FieldError(
              field: "propagationPolicy", kind: .notSupported(policy),
              detail: "supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")
          ])
      }
      propagation = parsed
    } else if orphan == true {
      propagation = .orphan
    }
    dryRun = try DryRun.parse(dryRunValues)
  }
}
