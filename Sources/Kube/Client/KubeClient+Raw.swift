/// Requests outside the typed verbs: `kubectl get --raw` and the pods/proxy subresource.
extension KubeClient {
  /// GET of any API path, the body as the server sent it; a non-2xx answer throws its Status.
  public func getRaw(_ path: String, query: [(String, String)] = []) async throws(KubeAPIError) -> [UInt8] {
    try await send(.GET, path: path, query: query)
  }

  /// GET `path` (with its leading `/`) from `port` of a pod, through the API server's pods/proxy
  /// subresource, the way `kubectl get --raw .../pods/NAME:PORT/proxy/PATH` does: no route from the
  /// caller to the pod network is needed.
  public func podProxyGet(
    namespace: String, pod: String, port: Int, path: String
  ) async throws(KubeAPIError)
    -> [UInt8]
  {
    try await send(
      .GET, path: ResourceType.pod.objectPath(namespace: namespace, name: "\(pod):\(port)") + "/proxy" + path)
  }
}
