import Foundation
import GRPCCore
import CA
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import Logging
import Shared
import SwiftProtobuf
import Synchronization

/// The agent side of Delta ADS: connects over TLS with a bearer token, subscribes, hands each
/// push to the type's handler, ACKs (or NACKs the rejected names with reasons while keeping the
/// rest), and reconnects with jittered backoff, resending the versions it holds so the server
/// skips what did not change.
public final class DeltaADSClient: Sendable {
  private struct State {
    var held: [String: [String: String]] = [:]
    var explicit: [String: Set<String>] = [:]
    var ready: Set<String> = []
    var readyWaiters: [CheckedContinuation<Void, Never>] = []
    var outbound: AsyncStream<Envoy_Service_Discovery_V3_DeltaDiscoveryRequest>.Continuation?
    var connects = 0
    var receivedOnThisConnection = false
  }

  /// Upper bound on one pushed message (a 100,000-workload snapshot is about 25 MB).
  public static let maxMessageBytes = 1 << 30

  public let config: XDSClientConfig
  private let subscriptions: [String: XDSClientSubscription]
  private let order: [String]
  private let state = Mutex(State())
  private let logger: Logger

  public init(
    config: XDSClientConfig, subscriptions: [XDSClientSubscription], logger: Logger = Logger(label: "mesh.xds.client")
  ) {
    self.config = config
    self.subscriptions = Dictionary(uniqueKeysWithValues: subscriptions.map { ($0.typeURL, $0) })
    self.order = subscriptions.map(\.typeURL)
    self.logger = logger
  }

  /// Connects and stays connected until the task is cancelled.
  public func run() async {
    var backoff = config.backoff
    while !Task.isCancelled {
      do {
        try await connectOnce()
      } catch {
        if !Task.isCancelled {
          logger.warning(
            "xDS stream ended", metadata: ["xds.server": "\(config.host):\(config.port)", "xds.error": "\(error)"])
        }
      }
      state.withLock { $0.outbound = nil }
      if state.withLock({ $0.receivedOnThisConnection }) { backoff.reset() }
      do { try await Task.sleep(for: backoff.next()) } catch { return }
    }
  }

  /// Returns once every wildcard type has received its first response.
  public func waitUntilReady() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let resume = state.withLock { s -> Bool in
        if isReady(s) { return true }
        s.readyWaiters.append(continuation)
        return false
      }
      if resume { continuation.resume() }
    }
  }

  public var isReady: Bool { state.withLock { isReady($0) } }

  /// Completed connection attempts that reached the server.
  public var connects: Int { state.withLock { $0.connects } }

  /// Name → version of what this client holds for a type (what it would resend on reconnect).
  public func heldVersions(_ typeURL: String) -> [String: String] { state.withLock { $0.held[typeURL] ?? [:] } }

  /// Asks for more names of an on-demand type (e.g. a workload by `network/IP`).
  public func subscribe(typeURL: String, names: [String]) {
    let sink = state.withLock { s in
      s.explicit[typeURL, default: []].formUnion(names)
      return s.outbound
    }
    sink?.yield(
      .with {
        $0.typeURL = typeURL
        $0.resourceNamesSubscribe = names
      })
  }

  private func isReady(_ s: State) -> Bool {
    order.allSatisfy { subscriptions[$0]?.mode != .wildcard || s.ready.contains($0) }
  }

  private func connectOnce() async throws {
    let transport = try ControlPlaneTransport.make(host: config.host, port: config.port, rootPEM: config.rootPEM)
    var metadata = Metadata()
    metadata.addString("Bearer \(try await config.token())", forKey: "authorization")
    metadata.addString(config.clusterID, forKey: "clusterid")
    let (outbound, sink) = AsyncStream<Envoy_Service_Discovery_V3_DeltaDiscoveryRequest>.makeStream()
    let initial = state.withLock { s in
      s.outbound = sink
      s.receivedOnThisConnection = false
      return initialRequests(s)
    }
    try await withGRPCClient(transport: transport) { grpc in
      // A full snapshot of a large mesh is one message: allow far more than gRPC's 4 MiB default.
      var options = CallOptions.defaults
      options.maxRequestMessageBytes = Self.maxMessageBytes
      options.maxResponseMessageBytes = Self.maxMessageBytes
      let request = StreamingClientRequest<Envoy_Service_Discovery_V3_DeltaDiscoveryRequest>(metadata: metadata) {
        writer in
        for request in initial { try await writer.write(request) }
        for await request in outbound { try await writer.write(request) }
      }
      // Responses are decoded by a small reader, not SwiftProtobuf: an agent receiving 100,000
      // workloads then does one copy per payload and no per-resource message objects.
      try await grpc.bidirectionalStreaming(
        request: request,
        descriptor: Envoy_Service_Discovery_V3_AggregatedDiscoveryService.Method.DeltaAggregatedResources.descriptor,
        serializer: ProtobufSerializer<Envoy_Service_Discovery_V3_DeltaDiscoveryRequest>(),
        deserializer: DeltaResponseDeserializer(), options: options,
        onResponse: { response in
          defer { sink.finish() }
          for try await message in response.messages {
            let first = self.state.withLock { s in
              defer { s.receivedOnThisConnection = true }
              if !s.receivedOnThisConnection { s.connects += 1 }
              return !s.receivedOnThisConnection
            }
            if first {
              self.logger.info("xDS connected", metadata: ["xds.server": "\(self.config.host):\(self.config.port)"])
            }
            sink.yield(await self.handle(message))
          }
        })
    }
  }

  /// The first request per type carries the node; all carry what we hold, so a reconnect is cheap.
  private func initialRequests(_ s: State) -> [Envoy_Service_Discovery_V3_DeltaDiscoveryRequest] {
    order.enumerated().map { index, type in
      .with {
        if index == 0 { $0.node = node() }
        $0.typeURL = type
        $0.initialResourceVersions = s.held[type] ?? [:]
        if subscriptions[type]?.mode == .onDemand {
          // Istio's on-demand form: subscribe and unsubscribe "*" (= nothing), then names.
          $0.resourceNamesSubscribe = ["*"] + (s.explicit[type].map(Array.init) ?? [])
          $0.resourceNamesUnsubscribe = ["*"]
        }
      }
    }
  }

  private func node() -> Envoy_Config_Core_V3_Node {
    .with {
      $0.id = config.nodeID
      $0.cluster = config.clusterID
      $0.metadata = .with { m in
        for (key, value) in config.nodeMetadata { m.fields[key] = Google_Protobuf_Value(stringValue: value) }
      }
    }
  }

  /// Applies one push and returns the ACK or NACK for it.
  private func handle(_ message: DecodedDeltaResponse) async -> Envoy_Service_Discovery_V3_DeltaDiscoveryRequest {
    let type = message.typeURL
    var rejected: [String: String] = [:]
    var upserts: [ReceivedResource] = []
    upserts.reserveCapacity(message.resources.count)
    for (payloadType, resource) in message.resources {
      if payloadType != type {
        rejected[resource.name] = "payload type \(payloadType) is not \(type)"
      } else {
        upserts.append(resource)
      }
    }
    if let handler = subscriptions[type]?.handler {
      rejected.merge(await handler.apply(upserts: upserts, removals: message.removed)) { a, _ in a }
    } else {
      for (_, resource) in message.resources { rejected[resource.name] = "type \(type) was not subscribed" }
    }
    let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
      // Mutate in place: copying a 100,000-entry map per push would dominate the agent's cost;
      // grow it once for a large push instead of rehashing repeatedly.
      if upserts.count > 1024 {
        let held = s.held[type]?.count ?? 0
        s.held[type, default: [:]].reserveCapacity(held + upserts.count)
      }
      for resource in upserts where rejected.isEmpty || rejected[resource.name] == nil {
        s.held[type, default: [:]][resource.name] = resource.version
      }
      for name in message.removed { s.held[type]?[name] = nil }
      // A server sending a large set in pieces marks all but the last; stock servers never do.
      if !message.systemVersionInfo.hasSuffix("+more") { s.ready.insert(type) }
      guard isReady(s) else { return [] }
      defer { s.readyWaiters.removeAll() }
      return s.readyWaiters
    }
    for waiter in waiters { waiter.resume() }
    return .with {
      $0.typeURL = type
      $0.responseNonce = message.nonce
      if !rejected.isEmpty {
        $0.errorDetail = .with {
          $0.code = 3  // INVALID_ARGUMENT
          $0.message = rejected.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
        }
      }
    }
  }
}
