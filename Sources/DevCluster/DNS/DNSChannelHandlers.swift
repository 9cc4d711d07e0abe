import NIOCore

/// UDP: one datagram is one query; the answer goes back to its sender.
final class DNSDatagramHandler: ChannelInboundHandler {
  typealias InboundIn = AddressedEnvelope<ByteBuffer>
  typealias OutboundOut = AddressedEnvelope<ByteBuffer>

  private let answer: @Sendable ([UInt8], Bool) -> [UInt8]?

  init(answer: @escaping @Sendable ([UInt8], Bool) -> [UInt8]?) { self.answer = answer }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let envelope = unwrapInboundIn(data)
    guard let bytes = answer(Array(envelope.data.readableBytesView), true) else { return }
    let reply = AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: context.channel.allocator.buffer(bytes: bytes))
    context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    // A failed send (ICMP unreachable reported on the socket) must not close the listener.
  }
}

/// TCP (RFC 1035 §4.2.2, RFC 7766): messages framed by a two-byte length.
struct DNSStreamFrameDecoder: ByteToMessageDecoder {
  typealias InboundOut = ByteBuffer

  mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
    guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self),
      buffer.readableBytes >= 2 + Int(length)
    else { return .needMoreData }
    buffer.moveReaderIndex(forwardBy: 2)
    let frame = buffer.readSlice(length: Int(length))!
    context.fireChannelRead(wrapInboundOut(frame))
    return .continue
  }
}

/// Answers each framed query on the connection, which stays open for more (RFC 7766 §6.2.1).
final class DNSStreamHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  private let answer: @Sendable ([UInt8], Bool) -> [UInt8]?

  init(answer: @escaping @Sendable ([UInt8], Bool) -> [UInt8]?) { self.answer = answer }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let frame = unwrapInboundIn(data)
    guard let bytes = answer(Array(frame.readableBytesView), false), bytes.count <= Int(UInt16.max) else {
      context.close(promise: nil)
      return
    }
    var out = context.channel.allocator.buffer(capacity: bytes.count + 2)
    out.writeInteger(UInt16(bytes.count))
    out.writeBytes(bytes)
    context.writeAndFlush(wrapOutboundOut(out), promise: nil)
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}
