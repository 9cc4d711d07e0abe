import CA
import GRPCCore
import GRPCProtobuf
import Shared
import XDS

/// The least a Delta ADS subscriber can do: subscribe (wildcard) and ACK each response by nonce,
/// reading only the envelope. The figure then measures the server, not 100 agents decoding.
enum LightSubscriber {
  static func run(port: Int, rootPEM: String, index: Int) async throws {
    let transport = try ControlPlaneTransport.make(host: "127.0.0.1", port: port, rootPEM: rootPEM)
    try await withGRPCClient(transport: transport) { grpc in
      var metadata = Metadata()
      metadata.addString("Bearer \(BenchSetup.token)", forKey: "authorization")
      var options = CallOptions.defaults
      options.maxRequestMessageBytes = DeltaADSClient.maxMessageBytes
      options.maxResponseMessageBytes = DeltaADSClient.maxMessageBytes
      let (acks, sink) = AsyncStream<Envoy_Service_Discovery_V3_DeltaDiscoveryRequest>.makeStream()
      let request = StreamingClientRequest<Envoy_Service_Discovery_V3_DeltaDiscoveryRequest>(metadata: metadata) {
        writer in
        try await writer.write(
          .with {
            $0.typeURL = XDSTypeURL.address
            $0.node.id = "ztunnel~10.1.1.\(index)~light-\(index).istio-system~istio-system.svc.cluster.local"
          })
        for await ack in acks { try await writer.write(ack) }
      }
      try await grpc.bidirectionalStreaming(
        request: request,
        descriptor: Envoy_Service_Discovery_V3_AggregatedDiscoveryService.Method.DeltaAggregatedResources.descriptor,
        serializer: ProtobufSerializer<Envoy_Service_Discovery_V3_DeltaDiscoveryRequest>(),
        deserializer: DeltaResponseDeserializer(skipResources: true), options: options
      ) { response in
        defer { sink.finish() }
        for try await message in response.messages {
          sink.yield(
            .with {
              $0.typeURL = message.typeURL
              $0.responseNonce = message.nonce
            })
        }
      }
    }
  }
}
