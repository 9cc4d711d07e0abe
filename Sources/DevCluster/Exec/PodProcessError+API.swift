import Kube

extension PodProcessError {
  /// The API error a process host's refusal answers with, coded as kube-apiserver codes the
  /// same conditions: an unknown pod is 404, a wrong container or a stopped pod 400, a command
  /// that cannot start 400, no way to run anything 503.
  var apiError: KubeAPIError {
    switch code {
    case .podNotFound: KubeAPIError(.notFound, message, kind: "pods")
    case .containerNotFound, .notRunning, .commandNotFound: KubeAPIError(.badRequest, message)
    case .unavailable: KubeAPIError(.serviceUnavailable, message)
    }
  }
}
