import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The built-in stand-in for the `docker.io/kennethreitz/httpbin` image: an HTTP/1.1 server
/// answering httpbin's JSON routes (see `HttpbinRoutes`), so the walkthrough's
/// `curl .../headers` works on machines without a container runtime.
public final class HttpbinServer: Sendable {
  private let group: MultiThreadedEventLoopGroup
  private let logger: Logger
  private let channel = Mutex<(any Channel)?>(nil)

  public init(threads: Int = 1, logger: Logger = Logger(label: "mesh.dev.httpbin")) {
    self.group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
    self.logger = logger
  }

  /// Binds `host:port` (port 0 picks one) and returns the bound port.
  public func start(host: String = "0.0.0.0", port: Int = 80) async throws -> Int {
    let bootstrap = ServerBootstrap(group: group)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
          try channel.pipeline.syncOperations.addHandler(HttpbinHandler())
        }
      }
    let bound: any Channel
    do {
      bound = try await bootstrap.bind(host: host, port: port).get()
    } catch {
      throw HttpbinServerError("httpbin cannot listen on \(host):\(port): \(error)")
    }
    channel.withLock { $0 = bound }
    let actual = bound.localAddress?.port ?? port
    logger.info("httpbin listening", metadata: ["httpbin.address": "\(host):\(actual)"])
    return actual
  }

  /// Resolves when the listener closes (after `shutdown()`).
  public func waitUntilClosed() async throws {
    guard let bound = channel.withLock({ $0 }) else { return }
    try await bound.closeFuture.get()
  }

  public func shutdown() async {
    let bound = channel.withLock { channel in
      defer { channel = nil }
      return channel
    }
    try? await bound?.close()
    try? await group.shutdownGracefully()
  }
}

/// The httpbin server could not start; the message names the address.
public struct HttpbinServerError: Error, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}
