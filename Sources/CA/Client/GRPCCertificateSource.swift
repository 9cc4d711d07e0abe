import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Shared
import SwiftProtobuf

/// Calls `CreateCertificate` on the control plane over TLS, authenticated with a bearer token.
/// Run it (`run()`) for as long as certificates are needed; calls made meanwhile share one
/// HTTP/2 connection.
public final class GRPCCertificateSource: CertificateSource, Sendable {
  private let client: GRPCClient<HTTP2ClientTransport.Posix>
  private let token: @Sendable () async throws -> String
  private let clusterID: String

  /// - Parameters:
  ///   - host/port: the control plane (`istiod.istio-system.svc:15012`); its certificate must
  ///     chain to `rootPEM` and name `host`.
  ///   - token: returns the current service-account token (re-read each call: tokens rotate).
  public init(
    host: String, port: Int, rootPEM: String, clusterID: String = MeshDefaults.clusterID,
    token: @escaping @Sendable () async throws -> String
  ) throws(CAError) {
    do {
      self.client = GRPCClient(transport: try ControlPlaneTransport.make(host: host, port: port, rootPEM: rootPEM))
    } catch {
      throw CAError(.unavailable, "cannot set up TLS to the CA at \(host):\(port): \(error)")
    }
    self.token = token
    self.clusterID = clusterID
  }

  /// Maintains the connection; returns after `close()`.
  public func run() async throws { try await client.runConnections() }

  public func close() { client.beginGracefulShutdown() }

  public func fetch(csrPEM: String, ttlSeconds: Int64, impersonating: SpiffeIdentity?) async throws(CAError) -> [String]
  {
    let bearer: String
    do { bearer = try await token() } catch {
      throw CAError(.unauthenticated, "cannot read the service-account token: \(error)")
    }
    var request = Istio_V1_Auth_IstioCertificateRequest()
    request.csr = csrPEM
    request.validityDuration = ttlSeconds
    if let impersonating {
      request.metadata = .with {
        $0.fields[CertificateService.impersonatedIdentityKey] = Google_Protobuf_Value(stringValue: impersonating.uri)
      }
    }
    var metadata = Metadata()
    metadata.addString("Bearer \(bearer)", forKey: "authorization")
    metadata.addString(clusterID, forKey: "clusterid")
    do {
      let service = Istio_V1_Auth_IstioCertificateService.Client(wrapping: client)
      return try await service.createCertificate(request, metadata: metadata).certChain
    } catch let error as RPCError {
      let code: CAError.Code =
        switch error.code {
        case .invalidArgument: .invalidRequest
        case .unauthenticated: .unauthenticated
        case .permissionDenied: .permissionDenied
        default: .unavailable
        }
      throw CAError(code, "CA refused: \(error.message)")
    } catch {
      throw CAError(.unavailable, "CA call failed: \(error)")
    }
  }
}
