import Kube
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// One `kubectl exec` over an upgraded WebSocket: starts the command through the process host,
/// copies stdin from the client and stdout/stderr to it, then writes the exit status on the error
/// stream and closes with 1000, which client-go reads as the end of every stream. A client that
/// goes away first (Ctrl-C, dropped connection) gets its process terminated.
struct ExecWebSocketSession: Sendable {
  let plan: PodExecPlan
  let logger: Logger
  /// After our close frame, how long the client may take to answer with its own before the
  /// connection is dropped (RFC 6455 section 7.1.1: the server closes TCP after the exchange).
  static let closeGrace: Duration = .seconds(5)

  private var metadata: Logger.Metadata {
    [
      "devcluster.pod": "\(plan.request.namespace)/\(plan.request.pod)",
      "devcluster.container": "\(plan.request.container ?? "")",
    ]
  }

  func run(_ channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>) async {
    do {
      try await channel.executeThenClose { inbound, outbound in
        try await serve(inbound: inbound, writer: ExecFrameWriter(outbound: outbound))
      }
    } catch {
      logger.debug("exec connection ended early", metadata: metadata.merging(["devcluster.error": "\(error)"]) { $1 })
    }
  }

  private func serve(inbound: NIOAsyncChannelInboundStream<WebSocketFrame>, writer: ExecFrameWriter) async throws {
    let session: PodExecSession
    do {
      session = try await plan.host.exec(plan.request)
    } catch {
      logger.info(
        "exec refused by the node runner", metadata: metadata.merging(["devcluster.error": "\(error)"]) { $1 })
      try await writer.send(.error, RemoteCommandStatus.failure(error).serialized())
      try await finish(inbound: inbound, writer: writer, reader: nil)
      return
    }
    logger.debug("exec started", metadata: metadata.merging(["devcluster.command": "\(plan.request.command)"]) { $1 })
    let finished = ExecProgress()
    let reader = Task { await readClient(inbound, session: session, writer: writer, finished: finished) }
    do {
      await withTaskGroup(of: Void.self) { group in
        let options = plan.options
        group.addTask { await pump(session.stdout, to: options.stdout ? .stdout : nil, writer: writer) }
        group.addTask {
          await pump(session.stderr, to: options.stderr && !options.tty ? .stderr : nil, writer: writer)
        }
      }
      let code = await session.exitCode()
      finished.markFinished()
      logger.debug("exec finished", metadata: metadata.merging(["devcluster.exitCode": "\(code)"]) { $1 })
      try await writer.send(.error, RemoteCommandStatus.exit(code: code, command: plan.request.command).serialized())
      try await finish(inbound: inbound, writer: writer, reader: reader)
    } catch {
      reader.cancel()
      session.terminate()
      throw error
    }
  }

  /// Sends our close frame, then waits (bounded) for the client's answer before the channel is
  /// closed, so the last output is never cut off by a reset.
  private func finish(
    inbound: NIOAsyncChannelInboundStream<WebSocketFrame>, writer: ExecFrameWriter, reader: Task<Void, Never>?
  ) async throws {
    try await writer.close()
    await withTaskGroup(of: Void.self) { group in
      group.addTask {
        if let reader {
          await reader.value
        } else {
          await drainUntilClose(inbound, writer: writer)
        }
      }
      group.addTask { try? await Task.sleep(for: Self.closeGrace) }
      await group.next()
      group.cancelAll()
      reader?.cancel()
    }
  }

  /// Copies one output stream to the client, or drains it when the client did not ask for it
  /// (so a process writing there never blocks). A failed write (client gone) stops copying; the
  /// reader notices the closed connection and terminates the process.
  private func pump(
    _ stream: AsyncStream<[UInt8]>, to target: RemoteCommandMessage.Stream?, writer: ExecFrameWriter
  ) async {
    var writable = target != nil
    for await chunk in stream where writable && !chunk.isEmpty {
      guard let target else { continue }
      do { try await writer.send(target, chunk) } catch { writable = false }
    }
  }

  /// Client to process: stdin, the v5 CLOSE signal, pings. Ends when the client closes or the
  /// connection drops; a client leaving before the process finished takes the process with it.
  private func readClient(
    _ inbound: NIOAsyncChannelInboundStream<WebSocketFrame>, session: PodExecSession, writer: ExecFrameWriter,
    finished: ExecProgress
  ) async {
    var stdinOpen = plan.options.stdin
    do {
      frames: for try await frame in inbound {
        switch frame.opcode {
        case .binary:
          stdinOpen = await deliver(Array(frame.unmaskedData.readableBytesView), to: session, stdinOpen: stdinOpen)
        case .ping:
          try await writer.pong(frame.unmaskedData)
        case .connectionClose:
          break frames
        default:
          continue  // pongs; text frames are not part of the protocol
        }
      }
    } catch {
      logger.debug("exec connection read failed", metadata: metadata.merging(["devcluster.error": "\(error)"]) { $1 })
    }
    if !finished.isFinished {
      logger.info("exec client went away; terminating the command", metadata: metadata)
      session.terminate()
    }
  }

  /// One client message: stdin bytes go to the process, the v5 CLOSE of stdin is its EOF;
  /// returns whether stdin is still open.
  private func deliver(_ bytes: [UInt8], to session: PodExecSession, stdinOpen: Bool) async -> Bool {
    let message: RemoteCommandMessage
    do {
      message = try RemoteCommandMessage.decode(bytes, protocol: plan.handshake.subprotocol)
    } catch {
      logger.debug(
        "ignoring a malformed exec message", metadata: metadata.merging(["devcluster.error": "\(error)"]) { $1 })
      return stdinOpen
    }
    switch message {
    case .stdin(let data) where stdinOpen && !data.isEmpty:
      await session.writeStdin(data)
      return true
    case .close(RemoteCommandMessage.Stream.stdin.rawValue) where stdinOpen:
      await session.writeStdin(nil)
      return false
    case .stdin, .close, .resize, .ignored:
      return stdinOpen
    }
  }

  /// After a refusal: answer pings until the client's close frame (or the grace period ends).
  private func drainUntilClose(_ inbound: NIOAsyncChannelInboundStream<WebSocketFrame>, writer: ExecFrameWriter) async {
    do {
      for try await frame in inbound {
        if frame.opcode == .connectionClose { return }
        if frame.opcode == .ping { try await writer.pong(frame.unmaskedData) }
      }
    } catch {}
  }
}

/// Whether the command ended on its own: after that, a departing client is no reason to
/// terminate anything.
private final class ExecProgress: Sendable {
  private let finished = Atomic<Bool>(false)

  var isFinished: Bool { finished.load(ordering: .acquiring) }

  func markFinished() { finished.store(true, ordering: .releasing) }
}
