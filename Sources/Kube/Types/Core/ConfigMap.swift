import Foundation

/// A ConfigMap: plain configuration such as the mesh's settings and the trust bundle for workloads.
public struct ConfigMap: KubeResource {
  public static let resourceType = ResourceType.configMap
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  public var data: [String: String] {
    get { field("data")?.stringMap ?? [:] }
    set { setField(newValue.isEmpty ? nil : .stringMap(newValue), "data") }
  }

  /// `binaryData`, base64-decoded; entries that are not valid base64 are left out.
  public var binaryData: [String: [UInt8]] {
    var result: [String: [UInt8]] = [:]
    for (key, value) in field("binaryData")?.stringMap ?? [:] {
      if let decoded = Data(base64Encoded: value) { result[key] = Array(decoded) }
    }
    return result
  }
}
