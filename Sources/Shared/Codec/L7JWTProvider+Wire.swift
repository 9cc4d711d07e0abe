extension JWTProvider {
  var wire: Mesh_Waypoint_V1_JWTProvider {
    .with {
      $0.source = source
      $0.issuer = issuer
      $0.audiences = audiences
      $0.jwksUri = jwksURI ?? ""
      $0.jwks = jwks
      $0.fromHeaders = fromHeaders.map { header in
        .with {
          $0.name = header.name
          $0.prefix = header.prefix
        }
      }
      $0.fromParams = fromParams
      $0.fromCookies = fromCookies
      $0.forwardOriginalToken = forwardOriginalToken
      $0.outputClaimToHeaders = outputClaimToHeaders.map { entry in
        .with {
          $0.header = entry.header
          $0.claim = entry.claim
        }
      }
      $0.outputPayloadToHeader = outputPayloadToHeader ?? ""
    }
  }

  /// A provider without an issuer cannot be matched to tokens; without a key set the waypoint
  /// could not tell "no keys" (reject every token) from "field lost" — both are rejected here.
  init(wire w: Mesh_Waypoint_V1_JWTProvider, resource r: String, field f: String) throws(WireDecodingError) {
    guard !w.issuer.isEmpty else { throw WireDecodingError(resource: r, field: "\(f).issuer", problem: "is empty") }
    guard !w.jwks.isEmpty else {
      throw WireDecodingError(resource: r, field: "\(f).jwks", problem: "is empty (expected a JWKS document)")
    }
    self.init(
      source: w.source, issuer: w.issuer, audiences: w.audiences, jwksURI: w.jwksUri.isEmpty ? nil : w.jwksUri,
      jwks: w.jwks, fromHeaders: w.fromHeaders.map { JWTHeaderLocation(name: $0.name, prefix: $0.prefix) },
      fromParams: w.fromParams, fromCookies: w.fromCookies, forwardOriginalToken: w.forwardOriginalToken,
      outputClaimToHeaders: w.outputClaimToHeaders.map { JWTClaimHeader(header: $0.header, claim: $0.claim) },
      outputPayloadToHeader: w.outputPayloadToHeader.isEmpty ? nil : w.outputPayloadToHeader)
  }
}
