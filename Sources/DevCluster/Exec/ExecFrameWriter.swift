import NIOCore
import NIOWebSocket

/// Writes remote-command messages and control frames to an exec WebSocket. Sendable, so the
/// stdout and stderr pumps and the ping answers share it; each write is one whole frame.
struct ExecFrameWriter: Sendable {
  let outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>

  func send(_ stream: RemoteCommandMessage.Stream, _ data: [UInt8]) async throws {
    let bytes = RemoteCommandMessage.frame(stream, data)
    try await outbound.write(WebSocketFrame(fin: true, opcode: .binary, data: ByteBuffer(bytes: bytes)))
  }

  func pong(_ payload: ByteBuffer) async throws {
    try await outbound.write(WebSocketFrame(fin: true, opcode: .pong, data: payload))
  }

  /// A close frame: 1000 tells client-go every stream ended normally (its readers see EOF).
  func close(_ code: WebSocketErrorCode = .normalClosure) async throws {
    var data = ByteBuffer()
    data.write(webSocketErrorCode: code)
    try await outbound.write(WebSocketFrame(fin: true, opcode: .connectionClose, data: data))
  }
}
