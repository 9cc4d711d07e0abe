import NIOCore

/// One bound HBONE listener (the node's, or one per pod in in-pod mode).
public struct HBONEListener: Sendable {
  public let channel: any Channel
  public let localAddress: SocketAddress

  /// Stops accepting on this listener; its established tunnels continue.
  public func close() async { try? await channel.close() }
}
