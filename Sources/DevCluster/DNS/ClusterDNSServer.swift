import Kube
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The dev cluster's DNS server (what CoreDNS is in a real cluster): UDP and TCP on one port,
/// answering from the current `ClusterDNSZone` through `ClusterDNSResponder`.
public final class ClusterDNSServer: Sendable {
  private let group: MultiThreadedEventLoopGroup
  private let logger: Logger
  private let zone: Mutex<ClusterDNSZone>
  private let channels = Mutex<[any Channel]>([])

  public init(zone: ClusterDNSZone = ClusterDNSZone(), logger: Logger = Logger(label: "mesh.dev.dns")) {
    self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    self.logger = logger
    self.zone = Mutex(zone)
  }

  /// Replaces what the server answers; takes effect for the next query.
  public func update(_ zone: ClusterDNSZone) { self.zone.withLock { $0 = zone } }

  public var currentZone: ClusterDNSZone { zone.withLock { $0 } }

  /// Binds UDP and TCP on `host:port` (port 0: one free port for both) and returns the port.
  public func start(host: String = "127.0.0.1", port: Int = 53) async throws -> Int {
    let answer: @Sendable ([UInt8], Bool) -> [UInt8]? = { [weak self] bytes, overUDP in
      self?.answer(bytes, overUDP: overUDP)
    }
    let udp: any Channel
    do {
      udp = try await DatagramBootstrap(group: group)
        .channelOption(.socketOption(.so_reuseaddr), value: 1)
        .channelInitializer { channel in
          channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(DNSDatagramHandler(answer: answer))
          }
        }
        .bind(host: host, port: port).get()
    } catch {
      throw ClusterDNSServerError("cluster DNS cannot listen on UDP \(host):\(port): \(error)")
    }
    let bound = udp.localAddress?.port ?? port
    let tcp: any Channel
    do {
      tcp = try await ServerBootstrap(group: group)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelInitializer { channel in
          channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(DNSStreamFrameDecoder()))
            try channel.pipeline.syncOperations.addHandler(DNSStreamHandler(answer: answer))
          }
        }
        .bind(host: host, port: bound).get()
    } catch {
      try? await udp.close()
      throw ClusterDNSServerError("cluster DNS cannot listen on TCP \(host):\(bound): \(error)")
    }
    channels.withLock { $0 = [udp, tcp] }
    logger.info("cluster DNS listening", metadata: ["dns.address": "\(host):\(bound)"])
    return bound
  }

  /// Keeps the zone equal to the Services in `informer` (a Service informer) until cancelled.
  public func follow(services informer: Informer, domain: String = "cluster.local") async {
    for await event in informer.events() {
      if case .synced = event {} else if !informer.hasSynced { continue }
      update(ClusterDNSZone(domain: domain, services: informer.list().map(KubeService.init)))
    }
  }

  public func shutdown() async {
    let open = channels.withLock { channels in
      defer { channels = [] }
      return channels
    }
    for channel in open { try? await channel.close() }
    try? await group.shutdownGracefully()
  }

  /// Parses, answers and encodes; `nil` for bytes that are not a readable query (dropped, as
  /// there is no ID to answer to).
  private func answer(_ bytes: [UInt8], overUDP: Bool) -> [UInt8]? {
    let query: DNSMessage
    do { query = try DNSMessage(parsing: bytes) } catch {
      guard bytes.count >= 12 else { return nil }
      logger.debug("unreadable DNS query", metadata: ["dns.error": "\(error)"])
      let formatError = DNSMessage(
        id: UInt16(bytes[0]) << 8 | UInt16(bytes[1]), isResponse: true, responseCode: .formatError)
      return try? formatError.encoded()
    }
    let response = ClusterDNSResponder.respond(to: query, zone: zone.withLock { $0 })
    return overUDP ? try? ClusterDNSResponder.udpBytes(for: response, query: query) : try? response.encoded()
  }
}

/// Cluster DNS could not start; the message names the address.
public struct ClusterDNSServerError: Error, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}
