import Kube
import Logging
import NIOCore
import NIOHTTP1

/// `kubectl logs`: a container's output from the process host as a chunked `text/plain`
/// response; with `follow` it stays open until the container's output ends or the client leaves.
///
/// Written from a task through the channel (outbound writes pass the inbound-only connection
/// handler); `HTTPServerPipelineHandler` holds back any pipelined request until the `.end`.
enum PodLogResponse {
  static func start(
    _ plan: PodLogPlan, version: HTTPVersion, keepAlive: Bool, channel: any Channel, logger: Logger
  ) {
    let task = Task { await serve(plan, version: version, keepAlive: keepAlive, channel: channel, logger: logger) }
    // A client that hangs up ends the copy, and with it the host's (possibly endless) stream.
    channel.closeFuture.whenComplete { _ in task.cancel() }
  }

  private static func serve(
    _ plan: PodLogPlan, version: HTTPVersion, keepAlive: Bool, channel: any Channel, logger: Logger
  ) async {
    let stream: AsyncStream<[UInt8]>
    do {
      stream = try await plan.host.logs(plan.request)
    } catch {
      let bytes = error.apiError.statusObject.serialized()
      var headers = HTTPHeaders()
      headers.add(name: "Content-Type", value: "application/json")
      headers.add(name: "Content-Length", value: String(bytes.count))
      if !keepAlive { headers.add(name: "Connection", value: "close") }
      let status = HTTPResponseStatus(statusCode: error.apiError.code)
      let head = HTTPResponseHead(version: version, status: status, headers: headers)
      channel.write(HTTPServerResponsePart.head(head), promise: nil)
      channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: bytes))), promise: nil)
      end(channel, keepAlive: keepAlive)
      return
    }
    var headers = HTTPHeaders()
    headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
    headers.add(name: "Transfer-Encoding", value: "chunked")
    headers.add(name: "Cache-Control", value: "no-cache, private")
    do {
      try await channel.writeAndFlush(
        HTTPServerResponsePart.head(HTTPResponseHead(version: version, status: .ok, headers: headers))
      ).get()
      var remaining = plan.limitBytes ?? Int.max
      for await chunk in stream where !chunk.isEmpty {
        let part = chunk.prefix(remaining)
        remaining -= part.count
        try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: part)))).get()
        if remaining == 0 { break }
      }
    } catch {
      logger.debug(
        "log stream ended early",
        metadata: [
          "devcluster.pod": "\(plan.request.namespace)/\(plan.request.pod)", "devcluster.error": "\(error)",
        ])
      channel.close(promise: nil)
      return
    }
    end(channel, keepAlive: keepAlive)
  }

  private static func end(_ channel: any Channel, keepAlive: Bool) {
    let done = channel.writeAndFlush(HTTPServerResponsePart.end(nil))
    done.whenComplete { _ in
      if !keepAlive { channel.close(promise: nil) }
    }
  }
}
