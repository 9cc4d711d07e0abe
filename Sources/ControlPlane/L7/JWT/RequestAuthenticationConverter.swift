import Foundation
import Kube
import Shared

/// RequestAuthentication `jwtRules` to the waypoint's JWT providers, keys inline.
///
/// Fails closed: a rule whose keys are not usable (bad `jwksUri`, fetch failed with nothing
/// fetched before, malformed inline `jwks`) is still pushed, with an empty key set, so tokens from
/// that issuer are rejected rather than accepted unchecked; a rule without an issuer is dropped
/// (its tokens then match no provider and are rejected too). Every such case is reported.
enum RequestAuthenticationConverter {
  struct Conversion: Sendable {
    var providers: [JWTProvider] = []
    var problems: [String] = []
    /// URIs whose keys these providers need.
    var jwksURIs: Set<String> = []
  }

  static func convert(_ source: RequestAuthentication, jwks: [String: JWKSState]) -> Conversion {
    var conversion = Conversion()
    let key = "\(source.namespace)/\(source.name)"
    if let written = source.spec["jwtRules"], !written.isNull, written.arrayValue == nil {
      conversion.problems.append("spec.jwtRules: must be a list of rules")
      return conversion
    }
    for (index, rule) in source.jwtRules.enumerated() {
      let path = "spec.jwtRules[\(index)]"
      guard !rule.issuer.isEmpty else {
        conversion.problems.append("\(path).issuer: is required; the rule is ignored (its tokens are rejected)")
        continue
      }
      var provider = JWTProvider(
        source: key, issuer: rule.issuer, audiences: rule.audiences, jwksURI: rule.jwksUri,
        fromHeaders: rule.fromHeaders.map { JWTHeaderLocation(name: $0.name, prefix: $0.prefix ?? "") },
        fromParams: rule.fromParams, fromCookies: rule.fromCookies, forwardOriginalToken: rule.forwardOriginalToken,
        outputClaimToHeaders: rule.outputClaimToHeaders.map { JWTClaimHeader(header: $0.header, claim: $0.claim) },
        outputPayloadToHeader: rule.outputPayloadToHeader)
      let rejected = "every token from issuer \"\(rule.issuer)\" is rejected until it is fixed"
      if let inline = rule.jwks {
        do throws(JWKSError) {
          provider.jwks = try JWKSDocument.validate(inline)
        } catch {
          conversion.problems.append("\(path).jwks: \(error.message); \(rejected)")
        }
      } else if let uri = rule.jwksUri {
        if let problem = uriProblem(uri) {
          conversion.problems.append("\(path).jwksUri: \(problem); \(rejected)")
        } else {
          conversion.jwksURIs.insert(uri)
          let state = jwks[uri]
          if let keys = state?.keys {
            provider.jwks = keys
          } else if let error = state?.lastError {
            conversion.problems.append("\(path).jwksUri: \(error); \(rejected) (or jwks is set inline)")
          } else {
            conversion.problems.append("\(path).jwksUri: the key set has not been fetched yet; \(rejected) until it is")
          }
        }
      } else {
        conversion.problems.append("\(path): neither jwksUri nor jwks is set; \(rejected)")
      }
      conversion.providers.append(provider)
    }
    return conversion
  }

  /// `nil` when `uri` is an absolute http(s) URL with a host.
  static func uriProblem(_ uri: String) -> String? {
    guard let url = URL(string: uri), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
      let host = url.host, !host.isEmpty
    else { return "\"\(uri)\" is not an http(s) URL" }
    return nil
  }
}
