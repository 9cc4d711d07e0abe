import Foundation
import Shared

/// A resource as stored: its content-hash version and the `envoy...Resource` bytes, encoded once
/// and copied into every subscriber's response as is. Kept small: it exists once per workload.
struct CachedResource: Sendable {
  /// Content hash; its hex form is the xDS version.
  let version: UInt64
  let aliases: [String]
  let nodes: Set<String>?
  let encoded: [UInt8]

  init(_ resource: XDSResource, typeURL: String) throws {
    version = ContentHash.of(resource.payload)
    aliases = resource.aliases
    nodes = resource.nodes
    var wire = Envoy_Service_Discovery_V3_Resource()
    wire.name = resource.name
    wire.version = ContentHash.text(version)
    wire.aliases = resource.aliases
    wire.resource.typeURL = typeURL
    wire.resource.value = Data(resource.payload)
    encoded = try wire.serializedBytes()
  }

  func visible(to node: String?) -> Bool {
    guard let nodes else { return true }
    guard let node else { return false }
    return nodes.contains(node)
  }
}
