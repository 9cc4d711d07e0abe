import HBONE
import NIOCore
import NIOPosix
import Synchronization

/// A plain TCP listener that tunnels each accepted connection through HBONE to `target`, the
/// way the ztunnel's outbound side does, so tests can drive tunnels with ordinary TCP clients.
struct Ingress {
  let channel: any Channel
  let failures: FailureBox
  var port: Int { channel.localAddress!.port! }

  static func start(group: any EventLoopGroup, client: HBONEClient, target: HBONETarget) async throws -> Ingress {
    let failuresBox = FailureBox()
    let channel = try await ServerBootstrap(group: group)
      .childChannelOption(.allowRemoteHalfClosure, value: true)
      .childChannelOption(.autoRead, value: false)
      .childChannelInitializer { channel in
        client.open(target, on: channel.eventLoop).whenComplete { result in
          switch result {
          case .success(let stream): _ = stream.splice(with: channel)
          case .failure(let error):
            failuresBox.append("\(error)")
            channel.close(promise: nil)
          }
        }
        return channel.eventLoop.makeSucceededVoidFuture()
      }
      .bind(host: "127.0.0.1", port: 0).get()
    return Ingress(channel: channel, failures: failuresBox)
  }
}

final class FailureBox: Sendable {
  let values = Mutex<[String]>([])
  func append(_ value: String) { values.withLock { $0.append(value) } }
}
