import CA
import GRPCCore
import GRPCProtobuf
import Logging
import Shared

/// `envoy.service.discovery.v3.AggregatedDiscoveryService/DeltaAggregatedResources`, serving the
/// types registered in `servedTypes` from `cache`. Callers authenticate with the same seam as the
/// CA; their node comes from their pod, looked up from the token's pod binding.
public final class DeltaADSServer: RegistrableRPCService, Sendable {
  public let cache: ResourceCache
  public let servedTypes: Set<String>
  public let stats = XDSServerStats()
  /// Resources per response are cut at about this many bytes; larger sets go out in pieces.
  /// 128 KiB measured best: memory held per stream scales with the largest message sent, and
  /// smaller pieces cost no throughput (BENCHMARKS.md).
  public let maxResponseBytes: Int
  let authenticator: any CallerAuthenticator
  let pods: (any PodLocator)?
  /// False until the cache holds a full view (the control plane's first translation after its
  /// informers synced). Until then streams are refused as unavailable, as istiod does: an agent
  /// reconnecting to a replica that just started would otherwise be told that everything it
  /// holds was removed, and drop its whole configuration.
  let isReady: @Sendable () -> Bool
  let logger: Logger

  public init(
    cache: ResourceCache,
    servedTypes: Set<String> = [XDSTypeURL.address, XDSTypeURL.authorization, XDSTypeURL.waypointService],
    authenticator: any CallerAuthenticator, pods: (any PodLocator)?, maxResponseBytes: Int = 128 << 10,
    isReady: @escaping @Sendable () -> Bool = { true }, logger: Logger = Logger(label: "mesh.xds")
  ) {
    self.isReady = isReady
    self.maxResponseBytes = maxResponseBytes
    self.cache = cache
    self.servedTypes = servedTypes
    self.authenticator = authenticator
    self.pods = pods
    self.logger = logger
  }

  public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    router.registerHandler(
      forMethod: Envoy_Service_Discovery_V3_AggregatedDiscoveryService.Method.DeltaAggregatedResources.descriptor,
      deserializer: ProtobufDeserializer<Envoy_Service_Discovery_V3_DeltaDiscoveryRequest>(),
      serializer: EncodedDeltaResponseSerializer()
    ) { request, context in
      try await self.open(request, context: context)
    }
  }

  private func open(
    _ request: StreamingServerRequest<Envoy_Service_Discovery_V3_DeltaDiscoveryRequest>, context: ServerContext
  ) async throws -> StreamingServerResponse<EncodedDeltaResponse> {
    guard isReady() else {
      stats.update { $0.rejectedStreams += 1 }
      throw RPCError(
        code: .unavailable, message: "the control plane has not synced with the cluster yet; retry shortly")
    }
    let subscriber: XDSSubscriber
    do {
      subscriber = try await authenticate(request.metadata)
    } catch {
      stats.update { $0.rejectedStreams += 1 }
      logger.info("xDS stream refused", metadata: ["xds.peer": "\(context.remotePeer)", "xds.reason": "\(error)"])
      throw RPCError(
        code: error.code == .unauthenticated ? .unauthenticated : .permissionDenied, message: error.message)
    }
    return StreamingServerResponse { writer in
      let stream = ADSStream(server: self, subscriber: subscriber)
      do {
        try await stream.run(requests: request.messages, writer: writer)
      } catch {
        // Garbage frames, unknown types, a vanished peer: this stream ends, no other is affected.
        self.logger.warning(
          "xDS stream ended with an error", metadata: ["xds.subscriber": "\(subscriber)", "xds.error": "\(error)"])
        throw error
      }
      return [:]
    }
  }

  private func authenticate(_ metadata: Metadata) async throws(CAError) -> XDSSubscriber {
    let caller = try await authenticator.authenticate(CallerCredentials(metadata: metadata))
    var node: String? = nil
    if let pods, let pod = caller.podName {
      node = await pods.pod(namespace: caller.namespace, name: pod)?.nodeName
    }
    return XDSSubscriber(caller: caller, node: node)
  }
}
