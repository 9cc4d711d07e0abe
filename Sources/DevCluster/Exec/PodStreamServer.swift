import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Serves a planned `exec` or `log` on the connection that asked for it. The connection handler
/// calls `start` on the event loop, in place of writing a response.
enum PodStreamServer {
  /// Largest WebSocket message accepted from a client (stdin chunks; kubectl sends ≤ 32 KiB).
  static let maxMessageBytes = 1 << 20

  static func start(
    _ plan: PodStreamPlan, head: HTTPRequestHead, keepAlive: Bool, context: ChannelHandlerContext, logger: Logger
  ) {
    switch plan {
    case .exec(let exec):
      upgrade(exec, head: head, context: context, logger: logger)
    case .logs(let logs):
      PodLogResponse.start(logs, version: head.version, keepAlive: keepAlive, channel: context.channel, logger: logger)
    }
  }

  /// Answers 101 and swaps the HTTP handlers for WebSocket ones, all in this event-loop turn: no
  /// read can run in between, and a client writes no frame before it has read the 101, so no
  /// byte meant for the WebSocket decoder can reach the HTTP decoder. Then the session runs as a
  /// task over an `NIOAsyncChannel` (back-pressure on stdin for free).
  private static func upgrade(
    _ plan: PodExecPlan, head: HTTPRequestHead, context: ChannelHandlerContext, logger: Logger
  ) {
    var headers = HTTPHeaders()
    headers.add(name: "Upgrade", value: "websocket")
    headers.add(name: "Connection", value: "Upgrade")
    headers.add(name: "Sec-WebSocket-Accept", value: plan.handshake.acceptValue)
    headers.add(name: "Sec-WebSocket-Protocol", value: plan.handshake.subprotocol.rawValue)
    let response = HTTPResponseHead(version: head.version, status: .switchingProtocols, headers: headers)
    context.writeAndFlush(NIOAny(HTTPServerResponsePart.head(response)), promise: nil)

    let channel = context.channel
    let pipeline = channel.pipeline.syncOperations
    let session: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>
    do {
      // Every handler `configureHTTPServerPipeline` may have added (as NIO's own upgrader does).
      if let handler = try? pipeline.handler(type: HTTPServerPipelineHandler.self) {
        pipeline.removeHandler(handler, promise: nil)
      }
      if let handler = try? pipeline.handler(type: NIOHTTPResponseHeadersValidator.self) {
        pipeline.removeHandler(handler, promise: nil)
      }
      if let handler = try? pipeline.handler(type: HTTPServerProtocolErrorHandler.self) {
        pipeline.removeHandler(handler, promise: nil)
      }
      pipeline.removeHandler(try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self), promise: nil)
      pipeline.removeHandler(try pipeline.handler(type: HTTPResponseEncoder.self), promise: nil)
      pipeline.removeHandler(context: context, promise: nil)
      try pipeline.addHandler(WebSocketFrameEncoder())
      try pipeline.addHandler(ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: maxMessageBytes)))
      // Answers a malformed frame with a close frame (1002) before the connection closes.
      try pipeline.addHandler(WebSocketProtocolErrorHandler())
      // client-go's writer splits messages larger than its 4 KiB buffer into fragments.
      try pipeline.addHandler(
        NIOWebSocketFrameAggregator(
          minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1024, maxAccumulatedFrameSize: maxMessageBytes))
      session = try NIOAsyncChannel(wrappingChannelSynchronously: channel)
    } catch {
      logger.warning(
        "cannot switch the connection to WebSocket for exec",
        metadata: ["devcluster.pod": "\(plan.request.namespace)/\(plan.request.pod)", "devcluster.error": "\(error)"])
      channel.close(promise: nil)
      return
    }
    Task { await ExecWebSocketSession(plan: plan, logger: logger).run(session) }
  }
}
