/// What the API layer decided for a `pods/<id>/proxy` request that passed its checks: the
/// connection handler hands it to `PodProxyResponse`, which talks to the pod without blocking
/// the event loop and writes the pod's answer back.
enum PodProxyPlan: Sendable {
  /// `.../proxy` without a trailing slash: 301 to `.../proxy/` (kube-apiserver's answer, so
  /// relative links in the pod's pages resolve under the proxy).
  case redirect(location: String)
  case forward(PodProxyRequest)
}

/// One request to send to a pod, with what the answer needs to refer back to the proxy path.
struct PodProxyRequest: Sendable {
  /// `namespace/name`, for logs.
  var pod: String
  var target: PodProxyTarget
  var method: String
  /// The path and query the pod sees: what followed `/proxy` in the request, unchanged.
  var uri: String
  /// `/api/v1/namespaces/<ns>/pods/<id>/proxy` as sent: `X-Forwarded-Uri` and `Location`
  /// rewriting put it in front of the pod's paths.
  var prefix: String
  var body: [UInt8]
  /// For connecting and the whole answer.
  var timeout: Duration
}
