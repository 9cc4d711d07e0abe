import AsyncHTTPClient
import NIOCore

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
    let request = makeRequest(.GET, path: type.collectionPath(namespace: namespace), query: query)
    let deadline = NIODeadline.now() + .seconds(Int64(timeoutSeconds) + 30)
    let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
    let task = Task { [http, logger] in
      do {
        let response = try await http.execute(request, deadline: deadline, logger: logger)
        guard response.status.code == 200 else {
          let body = try await response.body.collect(upTo: 1024 * 1024)
          throw KubeAPIError(httpCode: Int(response.status.code), body: Array(body.readableBytesView))
        }
        var pending: [UInt8] = []
        for try await chunk in response.body {
          pending.append(contentsOf: chunk.readableBytesView)
          var start = 0
          while let newline = pending[start...].firstIndex(of: 0x0A) {
            let line = pending[start..<newline]
            start = newline + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
            continuation.yield(try WatchEvent.parse(line: line))
          }
          pending.removeFirst(start)
        }
        continuation.finish()
      } catch is CancellationError {
        continuation.finish()
      } catch {
        continuation.finish(throwing: self.unreachable(error))
      }
    }
    continuation.onTermination = { _ in task.cancel() }
    return stream
  }
}
