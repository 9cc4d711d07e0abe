/// The I/O seam of the JWKS cache: production fetches over HTTP(S), tests answer from memory.
public protocol JWKSFetching: Sendable {
  /// The body of `uri`, or an error that says what went wrong (status, connection, timeout).
  func fetch(_ uri: String) async throws -> [UInt8]
}
