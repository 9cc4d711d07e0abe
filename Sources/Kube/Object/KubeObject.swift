/// A Kubernetes object as the API returns it, every field kept.
///
/// Typed views (`Pod`, `KubeService`, ...) read and write through it, so a read-modify-write never
/// drops a field this code does not know about.
public struct KubeObject: Sendable, Hashable {
  public var json: JSONValue

  /// Wraps a JSON object; anything else is not a Kubernetes object.
  public init(json: JSONValue) throws(KubeObjectError) {
    guard json.objectValue != nil else { throw KubeObjectError("a Kubernetes object must be a JSON object") }
    self.json = json
  }

  /// A new object of `type` with the given metadata.
  public init(type: ResourceType, namespace: String? = nil, name: String, labels: [String: String] = [:]) {
    var metadata: JSONValue = ["name": .string(name)]
    if let namespace, type.namespaced { metadata["namespace"] = .string(namespace) }
    if !labels.isEmpty { metadata["labels"] = .stringMap(labels) }
    self.json = ["apiVersion": .string(type.apiVersion), "kind": .string(type.kind), "metadata": metadata]
  }

  public var apiVersion: String {
    get { json["apiVersion"]?.stringValue ?? "" }
    set { json["apiVersion"] = .string(newValue) }
  }

  public var kind: String {
    get { json["kind"]?.stringValue ?? "" }
    set { json["kind"] = .string(newValue) }
  }

  public var metadata: JSONValue {
    get { json["metadata"] ?? .object([:]) }
    set { json["metadata"] = newValue }
  }

  public var name: String {
    get { metadata["name"]?.stringValue ?? "" }
    set { json.setValue(.string(newValue), at: ["metadata", "name"]) }
  }

  public var generateName: String? { metadata["generateName"]?.stringValue }

  /// Empty for cluster-scoped objects.
  public var namespace: String {
    get { metadata["namespace"]?.stringValue ?? "" }
    set { json.setValue(newValue.isEmpty ? nil : .string(newValue), at: ["metadata", "namespace"]) }
  }

  public var uid: String {
    get { metadata["uid"]?.stringValue ?? "" }
    set { json.setValue(.string(newValue), at: ["metadata", "uid"]) }
  }

  public var resourceVersion: String {
    get { metadata["resourceVersion"]?.stringValue ?? "" }
    set { json.setValue(newValue.isEmpty ? nil : .string(newValue), at: ["metadata", "resourceVersion"]) }
  }

  public var generation: Int64 {
    get { metadata["generation"]?.intValue ?? 0 }
    set { json.setValue(.int(newValue), at: ["metadata", "generation"]) }
  }

  public var labels: [String: String] {
    get { metadata["labels"]?.stringMap ?? [:] }
    set { json.setValue(newValue.isEmpty ? nil : .stringMap(newValue), at: ["metadata", "labels"]) }
  }

  public var annotations: [String: String] {
    get { metadata["annotations"]?.stringMap ?? [:] }
    set { json.setValue(newValue.isEmpty ? nil : .stringMap(newValue), at: ["metadata", "annotations"]) }
  }

  public var deletionTimestamp: String? { metadata["deletionTimestamp"]?.stringValue }

  public var creationTimestamp: String? { metadata["creationTimestamp"]?.stringValue }

  public var ownerReferences: [OwnerReference] {
    get {
      (metadata["ownerReferences"]?.arrayValue ?? []).compactMap { OwnerReference(json: $0) }
    }
    set {
      json.setValue(newValue.isEmpty ? nil : .array(newValue.map(\.json)), at: ["metadata", "ownerReferences"])
    }
  }

  /// `namespace/name`, or `name` for cluster-scoped objects: the cache key client-go also uses.
  public var key: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }

  public var spec: JSONValue? {
    get { json["spec"] }
    set { json["spec"] = newValue }
  }

  public var status: JSONValue? {
    get { json["status"] }
    set { json["status"] = newValue }
  }

  public func serialized() -> [UInt8] { json.serialized() }

  public static func parse(_ bytes: some Collection<UInt8>) throws(KubeObjectError) -> KubeObject {
    let value: JSONValue
    do { value = try JSONParser.parse(bytes) } catch { throw KubeObjectError(error.description) }
    return try KubeObject(json: value)
  }
}
