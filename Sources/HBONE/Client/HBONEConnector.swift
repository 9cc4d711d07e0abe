import NIOCore
import NIOPosix

/// Opens the TCP connection under an HBONE connection. The ztunnel supplies one that creates the
/// socket inside the source pod's network namespace with the ztunnel mark; the default connects
/// from the ztunnel's own namespace.
public protocol HBONEConnector: Sendable {
  /// Connects `bootstrap` (already configured with TLS and HTTP/2) to `target.peer`. The channel
  /// must be on the bootstrap's event loop.
  func connect(_ bootstrap: ClientBootstrap, for target: HBONETarget) -> EventLoopFuture<any Channel>
}

/// Plain `ClientBootstrap.connect`.
public struct DirectHBONEConnector: HBONEConnector {
  public init() {}

  public func connect(_ bootstrap: ClientBootstrap, for target: HBONETarget) -> EventLoopFuture<any Channel> {
    bootstrap.connect(to: target.peer)
  }
}
