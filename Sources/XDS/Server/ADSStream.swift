import GRPCCore
import Logging
import Shared

/// One Delta ADS stream: applies the subscriber's requests to its per-type subscriptions and,
/// whenever a request arrives or the cache changes, sends each type's difference that is not
/// waiting for an ACK. All state is confined to `run`'s loop.
struct ADSStream {
  enum Event: Sendable {
    case request(Envoy_Service_Discovery_V3_DeltaDiscoveryRequest)
    case cacheChanged
  }

  let server: DeltaADSServer
  let subscriber: XDSSubscriber

  func run(
    requests: RPCAsyncSequence<Envoy_Service_Discovery_V3_DeltaDiscoveryRequest, any Error>,
    writer: RPCWriter<EncodedDeltaResponse>
  ) async throws {
    let cache = server.cache
    let (wakeID, changes) = cache.subscribe()
    server.stats.update {
      $0.streamsOpened += 1
      $0.streamsActive += 1
    }
    defer {
      cache.unsubscribe(wakeID)
      server.stats.update { $0.streamsActive -= 1 }
    }
    let (events, sink) = AsyncThrowingStream<Event, any Error>.makeStream()
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        do {
          for try await request in requests { sink.yield(.request(request)) }
          sink.finish()
        } catch {
          sink.finish(throwing: error)
        }
      }
      group.addTask {
        for await _ in changes { sink.yield(.cacheChanged) }
      }
      defer { group.cancelAll() }
      try await loop(events, writer)
    }
  }

  private func loop(
    _ events: AsyncThrowingStream<Event, any Error>, _ writer: RPCWriter<EncodedDeltaResponse>
  )
    async throws
  {
    var subscriptions: [String: DeltaSubscription] = [:]
    var order: [String] = []
    var counter = 0
    let log = server.logger
    for try await event in events {
      if case .request(let request) = event {
        let type = request.typeURL
        guard server.servedTypes.contains(type) else {
          throw RPCError(
            code: .invalidArgument,
            message: "type_url \"\(type)\" is not served; this server serves \(server.servedTypes.sorted())")
        }
        let first = subscriptions[type] == nil
        if first {
          order.append(type)
          subscriptions[type] = DeltaSubscription()
        }
        // Mutated in place through the dictionary: a copy would duplicate its snapshot backlog.
        let outcome = subscriptions[type]!.apply(request, first: first)
        switch outcome {
        case .ack:
          let synced = subscriptions[type]!.isSynced
          server.stats.update {
            $0.acks += 1
            if synced { $0.syncedAcks += 1 }
          }
        case .nack(let message):
          server.stats.update {
            $0.nacks += 1
            $0.lastNACK = "\(type): \(message)"
          }
          log.warning(
            "agent rejected resources (NACK)",
            metadata: ["xds.subscriber": "\(subscriber)", "xds.type": "\(type)", "xds.rejected": "\(message)"])
        case .subscription, .stale: break
        }
      }
      for type in order {
        let state = server.cache.state(type)
        let response = subscriptions[type]?.nextResponse(
          from: state, node: subscriber.node, maxBytes: server.maxResponseBytes
        ) {
          counter += 1
          return String(counter)
        }
        guard let response else { continue }
        try await writer.write(EncodedDeltaResponse(typeURL: type, response))
        server.stats.update {
          $0.responses += 1
          $0.resourcesSent += response.resources.count
          $0.removalsSent += response.removed.count
        }
      }
    }
  }
}
