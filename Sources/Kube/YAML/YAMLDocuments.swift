import Yams

/// Multi-document YAML (what `kubectl apply -f` files and kubeconfigs are) to JSON values.
///
/// Scalars are typed the way Kubernetes' YAML decoder (YAML 1.1 core tags via libyaml) types them:
/// plain `8080` is an integer, `true` a boolean, `~`/`null` null; quoted scalars stay strings.
/// Aliases resolve; anchors and tags other than the core ones are refused rather than guessed.
public enum YAMLDocuments {
  public static func parse(_ text: String) throws(YAMLError) -> [JSONValue] {
    var documents: [JSONValue] = []
    do {
      // `nextRoot()` rather than `compose_all`: the lazy sequence swallows parse errors.
      let parser = try Parser(yaml: text)
      while let node = try parser.nextRoot() {
        let value = try convert(node)
        if !value.isNull { documents.append(value) }
      }
    } catch let error as YAMLError {
      throw error
    } catch {
      throw YAMLError("invalid YAML: \(error)")
    }
    return documents
  }

  /// Exactly one document.
  public static func parseOne(_ text: String) throws(YAMLError) -> JSONValue {
    let documents = try parse(text)
    guard documents.count == 1 else { throw YAMLError("expected one YAML document, found \(documents.count)") }
    return documents[0]
  }

  private static func convert(_ node: Node) throws(YAMLError) -> JSONValue {
    switch node {
    case .scalar(let scalar):
      return try convertScalar(scalar, tag: node.tag)
    case .sequence(let sequence):
      var elements: [JSONValue] = []
      elements.reserveCapacity(sequence.count)
      for element in sequence { elements.append(try convert(element)) }
      return .array(elements)
    case .mapping(let mapping):
      var members: [String: JSONValue] = [:]
      for (keyNode, valueNode) in mapping {
        guard case .scalar(let key) = keyNode else {
          throw YAMLError("mapping keys must be scalars (line \(keyNode.mark?.line ?? 0))")
        }
        members[key.string] = try convert(valueNode)
      }
      return .object(members)
    case .alias:
      throw YAMLError("unresolved YAML alias (line \(node.mark?.line ?? 0))")
    }
  }

  private static func convertScalar(_ scalar: Node.Scalar, tag: Tag) throws(YAMLError) -> JSONValue {
    if scalar.style != .plain { return .string(scalar.string) }
    switch Tag.Name(rawValue: tag.rawValue) {
    case .null: return .null
    case .bool:
      return .bool(Bool.construct(from: scalar) ?? false)
    case .int:
      if let value = Int64(scalar.string) { return .int(value) }
      if let value = Int.construct(from: scalar) { return .int(Int64(value)) }
      return .string(scalar.string)
    case .float:
      if let value = Double.construct(from: scalar) { return .double(value) }
      return .string(scalar.string)
    default:
      return .string(scalar.string)
    }
  }
}
