import NIOCore
import NIOPosix

extension ClientBootstrap {
  /// Puts ztunnel's mark (0x539) on every connection of this bootstrap, so the pod's capture
  /// rules let it leave instead of redirecting it back to ztunnel's own outbound listener.
  public func ztunnelMarked() -> ClientBootstrap {
    channelOption(SocketOptions.mark, value: SocketOptionValue(SocketOptions.ztunnelMark))
  }
}
