import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// A Kubernetes REST client: typed reads and writes, list and watch, over one pooled HTTPS client.
///
/// Every failure surfaces as `KubeAPIError`: the server's own `Status` when it answered (so callers can
/// test `isConflict`, `isNotFound`, `isGone`), or code 0 with a message naming the server when it
/// could not be reached.
public final class KubeClient: Sendable {
  public let config: KubeConfig
  let http: HTTPClient
  let tokens: BearerTokenSource
  let logger: Logger
  /// Plain requests (not watches) give up after this long.
  public let requestTimeout: TimeAmount

  public init(
    config: KubeConfig, logger: Logger = Logger(label: "kube.client"), requestTimeout: TimeAmount = .seconds(30)
  ) throws(KubeConfigError) {
    self.config = config
    self.logger = logger
    self.requestTimeout = requestTimeout
    self.tokens = BearerTokenSource(config.credentials)
    var tls = TLSConfiguration.makeClientConfiguration()
    // Closing a cancelled watch must not wait for the server's close_notify: a server still
    // streaming may not read it (NIOSSL's default wait is 5 s).
    tls.shutdownTimeout = .milliseconds(200)
    if config.insecureSkipTLSVerify {
      tls.certificateVerification = .none
    } else if let ca = config.certificateAuthorityPEM {
      do {
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(ca.utf8)))
      } catch {
        throw KubeConfigError("the cluster CA certificate is not valid PEM: \(error)")
      }
    }
    if case .clientCertificate(let certificatePEM, let keyPEM) = config.credentials {
      do {
        tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem))
      } catch {
        throw KubeConfigError("the client certificate or key is not valid PEM: \(error)")
      }
    }
    var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
    configuration.timeout = .init(connect: .seconds(10))
    // Watches are long-lived: keep enough connections that informers do not starve plain requests.
    configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)
    configuration.decompression = .disabled
    self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
  }

  /// Closes pooled connections. Call once when done.
  public func shutdown() async {
    try? await http.shutdown()
  }

  deinit {
    // `shutdown()` is the orderly path; this only avoids AsyncHTTPClient's leak assertion. Never
    // blocking: the last reference may be dropped on an event loop, where a sync shutdown traps.
    http.shutdown { _ in }
  }

  /// Sends one request and reads the whole answer; non-2xx answers throw the server's Status.
  func send(
    _ method: HTTPMethod, path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
    contentType: String = "application/json"
  ) async throws(KubeAPIError) -> [UInt8] {
    var request = makeRequest(method, path: path, query: query)
    if let body {
      request.headers.add(name: "Content-Type", value: contentType)
      request.body = .bytes(ByteBuffer(bytes: body))
    }
    let response: HTTPClientResponse
    let bytes: [UInt8]
    do {
      response = try await http.execute(request, timeout: requestTimeout, logger: logger)
      let buffer = try await response.body.collect(upTo: 512 * 1024 * 1024)
      bytes = Array(buffer.readableBytesView)
    } catch {
      throw unreachable(error)
    }
    guard (200..<300).contains(Int(response.status.code)) else {
      throw KubeAPIError(httpCode: Int(response.status.code), body: bytes)
    }
    return bytes
  }

  func makeRequest(_ method: HTTPMethod, path: String, query: [(String, String)]) -> HTTPClientRequest {
    var request = HTTPClientRequest(url: config.server + path + Self.encodeQuery(query))
    request.method = method
    request.headers = headers()
    return request
  }

  func headers() -> HTTPHeaders {
    var headers = HTTPHeaders()
    headers.add(name: "Accept", value: "application/json")
    headers.add(name: "User-Agent", value: "ambient-mesh/kube-client")
    if let token = tokens.token() { headers.add(name: "Authorization", value: "Bearer \(token)") }
    return headers
  }

  func unreachable(_ error: any Error) -> KubeAPIError {
    if let error = error as? KubeAPIError { return error }
    return KubeAPIError(.unknown, "cannot reach the Kubernetes API at \(config.server): \(error)", code: 0)
  }

  /// `?a=b&c=d` with values percent-encoded (label selectors carry `=`, `!`, `,`, spaces, parentheses).
  static func encodeQuery(_ query: [(String, String)]) -> String {
    guard !query.isEmpty else { return "" }
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let parts = query.map { key, value in
      "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
    }
    return "?" + parts.joined(separator: "&")
  }

  static func decodeObject(_ bytes: [UInt8]) throws(KubeAPIError) -> KubeObject {
    do { return try KubeObject.parse(bytes) } catch {
      throw KubeAPIError(.internalError, "the API server sent an unreadable object: \(error.message)")
    }
  }
}
