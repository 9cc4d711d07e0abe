import Foundation

/// A Secret: the mesh keeps CA material and plug-in certificates in them.
public struct Secret: KubeResource {
  public static let resourceType = ResourceType.secret
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  /// `Opaque` (the default), `kubernetes.io/tls`, ...
  public var type: String {
    get { field("type")?.stringValue ?? "Opaque" }
    set { setField(.string(newValue), "type") }
  }

  /// `data`, base64-decoded. An entry that is not valid base64 is left out rather than read as
  /// garbage. Writing replaces all of `data`; `setData(_:forKey:)` changes one entry.
  public var data: [String: [UInt8]] {
    get {
      var result: [String: [UInt8]] = [:]
      for (key, value) in field("data")?.stringMap ?? [:] {
        if let decoded = Data(base64Encoded: value) { result[key] = Array(decoded) }
      }
      return result
    }
    set {
      var members: [String: JSONValue] = [:]
      for (key, value) in newValue { members[key] = .string(Data(value).base64EncodedString()) }
      setField(members.isEmpty ? nil : .object(members), "data")
    }
  }

  /// Sets (or with `nil` removes) one `data` entry, leaving the others as they are.
  public mutating func setData(_ value: [UInt8]?, forKey key: String) {
    var members = field("data")?.objectValue ?? [:]
    members[key] = value.map { .string(Data($0).base64EncodedString()) }
    setField(members.isEmpty ? nil : .object(members), "data")
  }

  /// `stringData`: plain-text entries a writer may send; the API server merges them into `data`
  /// and never returns them.
  public var stringData: [String: String] {
    get { field("stringData")?.stringMap ?? [:] }
    set { setField(newValue.isEmpty ? nil : .stringMap(newValue), "stringData") }
  }

  /// The entry `key` as written by a client: `stringData` wins over `data`, as on the server.
  public func value(forKey key: String) -> [UInt8]? {
    if let text = stringData[key] { return Array(text.utf8) }
    return data[key]
  }
}
