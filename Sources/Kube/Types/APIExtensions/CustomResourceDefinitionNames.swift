/// `spec.names` of a CustomResourceDefinition: how the new kind is spelled in paths and by kubectl.
public struct CustomResourceDefinitionNames: JSONObjectConvertible {
  public var kind: String
  public var plural: String
  /// Defaults to the lower-cased kind.
  public var singular: String
  public var shortNames: [String]
  /// Defaults to `<kind>List`.
  public var listKind: String
  /// Groupings such as `all` or `istio-io` that `kubectl get <category>` expands.
  public var categories: [String]
  public var otherFields: [String: JSONValue]

  public init(
    kind: String, plural: String, singular: String? = nil, shortNames: [String] = [], listKind: String? = nil,
    categories: [String] = [], otherFields: [String: JSONValue] = [:]
  ) {
    self.kind = kind
    self.plural = plural
    self.singular = singular ?? kind.lowercased()
    self.shortNames = shortNames
    self.listKind = listKind ?? kind + "List"
    self.categories = categories
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let kind = json.string("kind"), let plural = json.string("plural")
    else { return nil }
    self.init(
      kind: kind, plural: plural, singular: json.string("singular"), shortNames: json.strings("shortNames"),
      listKind: json.string("listKind"), categories: json.strings("categories"),
      otherFields: members.removingKeys(["kind", "plural", "singular", "shortNames", "listKind", "categories"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["kind"] = .string(kind)
    members["plural"] = .string(plural)
    members["singular"] = .string(singular)
    members["shortNames"] = .strings(shortNames)
    members["listKind"] = .string(listKind)
    members["categories"] = .strings(categories)
    return .object(members)
  }
}
