import Foundation
import Kube

extension APIService {
  func discovery(_ path: APIPath, request: APIRequest) throws(KubeAPIError) -> APIResponse {
    let registry = cluster.snapshot().registry
    let host = request.header("host") ?? "127.0.0.1"
    switch path {
    case .version:
      return .json(DiscoveryDocuments.version)
    case .coreVersions:
      return .json(DiscoveryDocuments.coreVersions(serverAddress: host))
    case .groups:
      return .json(DiscoveryDocuments.groupList(registry))
    case .group(let name):
      guard let group = registry.group(named: name) else { throw KubeAPIError.noSuchResource }
      return .json(DiscoveryDocuments.group(group))
    case .groupVersion(let group, let version):
      guard let list = DiscoveryDocuments.resourceList(registry, group: group, version: version) else {
        throw KubeAPIError.noSuchResource
      }
      return .json(list)
    case .health:
      return .text("ok")
    case .jwks:
      return .body(status: 200, contentType: "application/jwk-set+json", bytes: issuer.jwks.serialized())
    case .openIDConfiguration:
      return .json(issuer.openIDConfiguration(jwksURI: "https://\(host)/openid/v1/jwks"))
    case .openAPIV2:
      throw KubeAPIError.noSuchResource
    case .openAPIV3Index:
      return .json(OpenAPIDocuments.v3Index(registry))
    case .openAPIV3(let group, let version):
      guard let document = OpenAPIDocuments.v3(registry, group: group, version: version) else {
        throw KubeAPIError.noSuchResource
      }
      return .json(document)
    case .resource, .unknown:
      throw KubeAPIError.noSuchResource
    }
  }
}
