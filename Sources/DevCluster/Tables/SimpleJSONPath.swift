import Kube

/// The JSONPath subset CRD `additionalPrinterColumns` use: `.a.b`, `.a[0]`, `.a[*].b`,
/// `.a['x.y']` and filters `.a[?(@.type=="Ready")].status` (as in the Gateway API CRDs).
/// Kubernetes only allows such simple paths in printer columns.
struct SimpleJSONPath: Sendable, Hashable {
  enum Step: Sendable, Hashable {
    case field(String)
    case index(Int)
    case wildcard
    /// `[?(@.a.b == "v")]`, or `[?(@.a)]` (present) when `value` is nil.
    case filter(path: [String], value: String?)
  }

  let steps: [Step]

  /// Nil when the expression is not of the supported form.
  init?(_ expression: String) {
    var text = Substring(expression.trimmingWhitespace())
    if text.hasPrefix("{"), text.hasSuffix("}") { text = text.dropFirst().dropLast() }
    if text.hasPrefix("$") { text = text.dropFirst() }
    var steps: [Step] = []
    while let first = text.first {
      if first == "." {
        text = text.dropFirst()
        let name = text.prefix { $0 != "." && $0 != "[" }
        guard !name.isEmpty else { return nil }
        steps.append(.field(String(name)))
        text = text.dropFirst(name.count)
      } else if first == "[" {
        guard let close = Self.closingBracket(in: text) else { return nil }
        let inner = text[text.index(after: text.startIndex)..<close].trimmingWhitespace()
        text = text[text.index(after: close)...]
        guard let step = Self.bracketStep(inner) else { return nil }
        steps.append(step)
      } else {
        return nil
      }
    }
    self.steps = steps
  }

  private static func closingBracket(in text: Substring) -> Substring.Index? {
    var quote: Character?
    var index = text.index(after: text.startIndex)
    while index < text.endIndex {
      let character = text[index]
      if let open = quote {
        if character == open { quote = nil }
      } else if character == "\"" || character == "'" {
        quote = character
      } else if character == "]" {
        return index
      }
      index = text.index(after: index)
    }
    return nil
  }

  private static func bracketStep(_ inner: String) -> Step? {
    if inner == "*" { return .wildcard }
    if let number = Int(inner) { return .index(number) }
    if let name = unquote(inner) { return .field(name) }
    guard inner.hasPrefix("?("), inner.hasSuffix(")") else { return nil }
    let condition = inner.dropFirst(2).dropLast().trimmingWhitespace()
    guard condition.hasPrefix("@.") else { return nil }
    let parts = condition.dropFirst(2).split(separator: "==", maxSplits: 1)
    let path = parts[0].trimmingWhitespace().split(separator: ".").map(String.init)
    guard !path.isEmpty else { return nil }
    if parts.count == 1 { return .filter(path: path, value: nil) }
    guard let value = unquote(parts[1].trimmingWhitespace()) else { return nil }
    return .filter(path: path, value: value)
  }

  private static func unquote(_ text: String) -> String? {
    guard text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first else { return nil }
    return String(text.dropFirst().dropLast())
  }

  /// Every value the path reaches, in document order.
  func evaluate(_ document: JSONValue) -> [JSONValue] {
    var current = [document]
    for step in steps {
      var next: [JSONValue] = []
      for value in current {
        switch step {
        case .field(let name):
          if let member = value[name] { next.append(member) }
        case .index(let index):
          if let array = value.arrayValue {
            let position = index < 0 ? array.count + index : index
            if array.indices.contains(position) { next.append(array[position]) }
          }
        case .wildcard:
          if let array = value.arrayValue {
            next += array
          } else if let object = value.objectValue {
            next += object.keys.sorted().map { object[$0]! }
          }
        case .filter(let path, let expected):
          for element in value.arrayValue ?? [] {
            guard let found = element.value(at: path) else { continue }
            if let expected {
              if Self.text(of: found) == expected { next.append(element) }
            } else {
              next.append(element)
            }
          }
        }
      }
      current = next
    }
    return current
  }

  /// A value as JSONPath templates print it: strings bare, everything else as JSON.
  static func text(of value: JSONValue) -> String {
    if case .string(let text) = value { return text }
    return value.jsonText
  }
}
