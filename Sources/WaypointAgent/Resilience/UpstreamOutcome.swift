/// How one attempt to a backend ended, as the retry decision needs it.
public enum UpstreamOutcome: Sendable, Hashable {
  /// A response head arrived. `grpcStatus` is the `grpc-status` of a trailers-only response.
  case response(status: Int, grpcStatus: Int? = nil)
  /// The connection (or HBONE tunnel) to the backend could not be opened.
  case connectFailure
  /// The backend refused the HTTP/2 stream (`REFUSED_STREAM`): it never saw the request.
  case refusedStream
  /// The connection or stream was reset before a response head arrived.
  case reset
  /// The attempt exceeded its per-try timeout.
  case perTryTimeout
}
