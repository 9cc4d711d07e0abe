/// One `spec.versions` entry of a CustomResourceDefinition.
public struct CustomResourceDefinitionVersion: JSONObjectConvertible {
  public var name: String
  /// Whether the API serves this version.
  public var served: Bool
  /// Whether objects are persisted in this version (exactly one version is).
  public var storage: Bool
  /// `subresources.status` is present: `status` is written only through `/status`, and writes to
  /// the main resource ignore it.
  public var hasStatusSubresource: Bool
  public var additionalPrinterColumns: [CustomResourceColumnDefinition]
  /// `schema.openAPIV3Schema`, as written.
  public var openAPIV3Schema: JSONValue?
  /// `deprecated`, `subresources.scale`, other `schema` members, ...
  public var otherFields: [String: JSONValue]

  /// A schema that accepts any object: what a CRD installed without a real schema uses.
  public static let permissiveSchema: JSONValue = ["type": "object", "x-kubernetes-preserve-unknown-fields": true]

  public init(
    name: String, served: Bool = true, storage: Bool = true, hasStatusSubresource: Bool = true,
    additionalPrinterColumns: [CustomResourceColumnDefinition] = [],
    openAPIV3Schema: JSONValue? = CustomResourceDefinitionVersion.permissiveSchema,
    otherFields: [String: JSONValue] = [:]
  ) {
    self.name = name
    self.served = served
    self.storage = storage
    self.hasStatusSubresource = hasStatusSubresource
    self.additionalPrinterColumns = additionalPrinterColumns
    self.openAPIV3Schema = openAPIV3Schema
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard var members = json.objectValue, let name = json.string("name") else { return nil }
    self.name = name
    self.served = json.bool("served") ?? false
    self.storage = json.bool("storage") ?? false
    self.hasStatusSubresource = json.value(at: ["subresources", "status"]) != nil
    self.additionalPrinterColumns = json.list("additionalPrinterColumns")
    self.openAPIV3Schema = json.value(at: ["schema", "openAPIV3Schema"])
    // `subresources` and `schema` may hold members beyond the two modelled ones; keep those.
    members["subresources"]?["status"] = nil
    members["schema"]?["openAPIV3Schema"] = nil
    if members["subresources"]?.objectValue?.isEmpty == true { members["subresources"] = nil }
    if members["schema"]?.objectValue?.isEmpty == true { members["schema"] = nil }
    self.otherFields = members.removingKeys(["name", "served", "storage", "additionalPrinterColumns"])
  }

  public var json: JSONValue {
    var members = otherFields
    members["name"] = .string(name)
    members["served"] = .bool(served)
    members["storage"] = .bool(storage)
    var subresources = members["subresources"]?.objectValue ?? [:]
    subresources["status"] = hasStatusSubresource ? .object([:]) : nil
    members["subresources"] = subresources.isEmpty ? nil : .object(subresources)
    var schema = members["schema"]?.objectValue ?? [:]
    schema["openAPIV3Schema"] = openAPIV3Schema
    members["schema"] = schema.isEmpty ? nil : .object(schema)
    members["additionalPrinterColumns"] = .list(additionalPrinterColumns)
    return .object(members)
  }
}
