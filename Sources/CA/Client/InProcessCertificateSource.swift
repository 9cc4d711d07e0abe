import SwiftProtobuf

import Shared

/// A certificate source that calls the CA service in the same process with fixed credentials:
/// the control plane's own agents and in-process tests use it instead of a network round trip.
public struct InProcessCertificateSource: CertificateSource {
  public let service: CertificateService
  public let credentials: CallerCredentials

  public init(service: CertificateService, credentials: CallerCredentials) {
    self.service = service
    self.credentials = credentials
  }

  public func fetch(csrPEM: String, ttlSeconds: Int64, impersonating: SpiffeIdentity?) async throws(CAError) -> [String]
  {
    var request = Istio_V1_Auth_IstioCertificateRequest()
    request.csr = csrPEM
    request.validityDuration = ttlSeconds
    if let impersonating {
      request.metadata.fields[CertificateService.impersonatedIdentityKey] = .init(stringValue: impersonating.uri)
    }
    return try await service.issue(request, credentials: credentials)
  }
}
