import Foundation
import Kube
import Yams

extension JSONValue {
  /// Indented JSON with sorted keys and a final newline.
  public var prettyJSON: String {
    let compact = Data(serialized())
    guard let object = try? JSONSerialization.jsonObject(with: compact, options: [.fragmentsAllowed]),
      let data = try? JSONSerialization.data(
        withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
    else { return jsonText + "\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// Block-style YAML, keys sorted; strings that would read as another type are quoted.
  public var yaml: String {
    (try? Yams.serialize(node: yamlNode, sortKeys: true)) ?? jsonText + "\n"
  }

  /// Whether a plain scalar would read back as this string (not a number, boolean or null).
  static func readsAsString(_ value: String) -> Bool {
    let reserved: Set<String> = ["", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n"]
    guard !reserved.contains(value.lowercased()), Double(value) == nil, Int(value) == nil else { return false }
    return !value.hasPrefix(" ") && !value.hasSuffix(" ") && !value.contains(": ") && !value.hasPrefix("*")
      && !value.hasPrefix("&") && !value.hasPrefix("!") && !value.hasPrefix("#") && !value.hasPrefix("- ")
      && value != "-"
      && !value.hasPrefix("{") && !value.hasPrefix("[") && !value.contains(" #") && !value.contains("\n")
  }

  var yamlNode: Node {
    switch self {
    case .null: Node("null", Tag(.null))
    case .bool(let value): Node(value ? "true" : "false", Tag(.bool))
    case .int(let value): Node(String(value), Tag(.int))
    case .double(let value): Node(String(value), Tag(.float))
    case .string(let value): Node(value, Tag(.str), Self.readsAsString(value) ? .plain : .doubleQuoted)
    case .array(let elements): Node(elements.map(\.yamlNode))
    case .object(let members):
      Node(members.keys.sorted().map { (Node($0), members[$0]!.yamlNode) })
    }
  }
}
