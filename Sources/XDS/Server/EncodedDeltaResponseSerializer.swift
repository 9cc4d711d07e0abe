import GRPCCore

/// Hands pre-encoded responses to gRPC as they are.
struct EncodedDeltaResponseSerializer: MessageSerializer {
  func serialize<Bytes: GRPCContiguousBytes>(_ message: EncodedDeltaResponse) throws -> Bytes {
    Bytes(message.bytes)
  }
}
