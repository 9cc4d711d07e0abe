import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The watch verb: a long-lived chunked response, one JSON event per line.
extension KubeClient {
  /// Watches `type` from `resourceVersion`. The stream ends when the server closes it (after
  /// `timeoutSeconds`), and fails with `KubeAPIError` on a non-200 answer or a broken connection.
  /// A 410 arrives as an ERROR event (check `event.error?.isGone`): the caller must relist.
  public func watch(
    _ type: ResourceType, namespace: String? = nil, resourceVersion: String?, labelSelector: String? = nil,
    fieldSelector: String? = nil, allowBookmarks: Bool = true, timeoutSeconds: Int = 300
  ) -> AsyncThrowingStream<WatchEvent, any Error> {
    var query: [(String, String)] = [("watch", "true")]
    if let resourceVersion, !resourceVersion.isEmpty { query.append(("resourceVersion", resourceVersion)) }
    if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
    if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
    if allowBookmarks { query.append(("allowWatchBookmarks", "true")) }
    query.append(("timeoutSeconds", String(timeoutSeconds)))
    let url = config.server + type.collectionPath(namespace: namespace) + Self.encodeQuery(query)
    let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
    let request: HTTPClient.Request
    do {
      request = try HTTPClient.Request(url: url, method: .GET, headers: headers())
    } catch {
      continuation.finish(throwing: KubeAPIError(.badRequest, "cannot build a watch request for \(url): \(error)"))
      return stream
    }
    let delegate = WatchStreamDelegate(continuation: continuation) { [self] error in unreachable(error) }
    let task = http.execute(
      request: request, delegate: delegate, deadline: .now() + .seconds(Int64(timeoutSeconds) + 30), logger: logger)
    continuation.onTermination = { termination in
      if case .cancelled = termination { task.cancel() }
    }
    return stream
  }
}
