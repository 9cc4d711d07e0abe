import AsyncHTTPClient
import NIOCore

/// Fetches key sets with AsyncHTTPClient (system trust roots for HTTPS), bounded in time and size:
/// an issuer that hangs or answers with a huge body must not stall or bloat the control plane.
public final class HTTPJWKSFetcher: JWKSFetching {
  private let client: HTTPClient
  private let timeout: TimeAmount
  /// JWKS documents are a few KiB; Istio caps them far below this.
  private let maxBytes = 1 << 20

  /// `client`: the process-wide shared client by default (it needs no shutdown).
  public init(client: HTTPClient = .shared, timeout: TimeAmount = .seconds(10)) {
    self.client = client
    self.timeout = timeout
  }

  public func fetch(_ uri: String) async throws -> [UInt8] {
    var request = HTTPClientRequest(url: uri)
    request.headers.add(name: "Accept", value: "application/json")
    let response = try await client.execute(request, timeout: timeout)
    guard response.status == .ok else {
      throw StatusError(description: "GET \(uri) answered \(response.status.code) \(response.status.reasonPhrase)")
    }
    var body = try await response.body.collect(upTo: maxBytes)
    return body.readBytes(length: body.readableBytes) ?? []
  }
}

/// A JWKS endpoint that answered, but not with 200.
struct StatusError: Error, CustomStringConvertible {
  var description: String
}
