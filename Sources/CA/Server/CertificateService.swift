import GRPCCore
import Logging
import Shared
import SwiftProtobuf

/// `istio.v1.auth.IstioCertificateService/CreateCertificate`: authenticate the caller, decide the
/// identity it may have, check the CSR names exactly that identity, sign. Every refusal is a gRPC
/// error whose message says what to fix; nothing is signed on any error.
public struct CertificateService: Istio_V1_Auth_IstioCertificateService.ServiceProtocol {
  public static let impersonatedIdentityKey = "ImpersonatedIdentity"

  public let ca: CertificateAuthority
  public let authenticator: any CallerAuthenticator
  public let authorizer: IdentityAuthorizer
  public let logger: Logger

  public init(
    ca: CertificateAuthority, authenticator: any CallerAuthenticator, authorizer: IdentityAuthorizer,
    logger: Logger = Logger(label: "mesh.ca")
  ) {
    self.ca = ca
    self.authenticator = authenticator
    self.authorizer = authorizer
    self.logger = logger
  }

  public func createCertificate(
    request: ServerRequest<Istio_V1_Auth_IstioCertificateRequest>, context: ServerContext
  ) async throws -> ServerResponse<Istio_V1_Auth_IstioCertificateResponse> {
    do {
      let chain = try await issue(request.message, credentials: CallerCredentials(metadata: request.metadata))
      return ServerResponse(message: .with { $0.certChain = chain })
    } catch {
      logger.info(
        "certificate refused", metadata: ["ca.reason": "\(error.message)", "ca.peer": "\(context.remotePeer)"])
      throw RPCError(code: error.code.rpcCode, message: error.message)
    }
  }

  /// The transport-free core, also used by the benchmark and in-process callers.
  public func issue(
    _ message: Istio_V1_Auth_IstioCertificateRequest, credentials: CallerCredentials
  ) async throws(CAError)
    -> [String]
  {
    let caller = try await authenticator.authenticate(credentials)
    let csr = try CSRInspector.inspect(pem: message.csr, trustDomain: ca.trustDomain)
    let identity = try await authorizer.identity(for: caller, impersonating: try Self.impersonated(message))
    guard csr.identity == identity else {
      throw CAError(
        .permissionDenied,
        "csr SAN \(csr.identity) differs from the identity \(identity) that caller \(caller) may receive")
    }
    let chain = try ca.sign(csr, requestedTTLSeconds: message.validityDuration)
    logger.debug("certificate issued", metadata: ["ca.identity": "\(identity)", "ca.caller": "\(caller)"])
    return chain
  }

  static func impersonated(_ message: Istio_V1_Auth_IstioCertificateRequest) throws(CAError) -> String? {
    guard message.hasMetadata, let value = message.metadata.fields[impersonatedIdentityKey] else { return nil }
    guard case .stringValue(let s) = value.kind else {
      throw CAError(.invalidRequest, "metadata \(impersonatedIdentityKey) must be a string SPIFFE id")
    }
    return s
  }
}

extension CAError.Code {
  var rpcCode: RPCError.Code {
    switch self {
    case .invalidRequest: .invalidArgument
    case .unauthenticated: .unauthenticated
    case .permissionDenied: .permissionDenied
    case .invalidCAMaterial, .storage: .internalError
    case .unavailable: .unavailable
    }
  }
}
