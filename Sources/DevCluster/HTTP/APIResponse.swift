import Kube

/// What the API layer answers: a complete body, or a watch stream the connection keeps open.
enum APIResponse: Sendable {
  case body(status: Int, contentType: String, bytes: [UInt8])
  case watch(WatchPlan)
  /// `exec` (a WebSocket upgrade) or `log` (a chunked stream): served by `PodStreamServer`.
  case podStream(PodStreamPlan)
  /// `pods/<id>/proxy`: the pod's answer, fetched by `PodProxyResponse`.
  case podProxy(PodProxyPlan)

  static func json(_ value: JSONValue, status: Int = 200) -> APIResponse {
    .body(status: status, contentType: "application/json", bytes: value.serialized())
  }

  static func object(_ stored: StoredObject, status: Int = 200) -> APIResponse {
    .body(status: status, contentType: "application/json", bytes: stored.bytes)
  }

  static func error(_ error: KubeAPIError) -> APIResponse {
    .json(error.statusObject, status: error.code)
  }

  static func text(_ text: String, status: Int = 200) -> APIResponse {
    .body(status: status, contentType: "text/plain; charset=utf-8", bytes: Array(text.utf8))
  }

  var status: Int {
    switch self {
    case .body(let status, _, _): status
    case .watch: 200
    case .podStream(.exec): 101
    case .podStream(.logs): 200
    case .podProxy(.redirect): 301
    case .podProxy(.forward): 200  // the pod's own status is known only later
    }
  }
}
