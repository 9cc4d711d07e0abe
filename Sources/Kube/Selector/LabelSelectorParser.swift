/// Parser for the label selector query-string syntax, following apimachinery's `labels.Parse`:
///
///     selector    ::= requirement ( "," requirement )*
///     requirement ::= [ "!" ] KEY [ ( "in" | "notin" ) "(" VALUES ")" | ( "=" | "==" | "!=" | ">" | "<" ) VALUE ]
///
/// Keys and values are runs of characters other than whitespace and `=!(),<>`; `in`/`notin` are operators
/// only in operator position.
struct LabelSelectorParser {
  enum Token: Equatable {
    case identifier(String)
    case bang, equals, doubleEquals, notEquals, greaterThan, lessThan
    case openParen, closeParen, comma
    case end

    var text: String {
      switch self {
      case .identifier(let text): return text
      case .bang: return "!"
      case .equals: return "="
      case .doubleEquals: return "=="
      case .notEquals: return "!="
      case .greaterThan: return ">"
      case .lessThan: return "<"
      case .openParen: return "("
      case .closeParen: return ")"
      case .comma: return ","
      case .end: return ""
      }
    }

    var startsRequirement: Bool {
      switch self {
      case .identifier, .bang: return true
      default: return false
      }
    }
  }

  private let tokens: [Token]
  private var position = 0

  init(_ text: String) { tokens = Self.lex(text) }

  static func lex(_ text: String) -> [Token] {
    var tokens: [Token] = []
    let characters = Array(text.unicodeScalars)
    var index = 0
    func isSpecial(_ scalar: Unicode.Scalar) -> Bool { "=!(),<>".unicodeScalars.contains(scalar) }
    while index < characters.count {
      let scalar = characters[index]
      if scalar.properties.isWhitespace {
        index += 1
        continue
      }
      let next = index + 1 < characters.count ? characters[index + 1] : nil
      switch scalar {
      case "!" where next == "=": tokens.append(.notEquals); index += 2
      case "=" where next == "=": tokens.append(.doubleEquals); index += 2
      case "!": tokens.append(.bang); index += 1
      case "=": tokens.append(.equals); index += 1
      case "(": tokens.append(.openParen); index += 1
      case ")": tokens.append(.closeParen); index += 1
      case ",": tokens.append(.comma); index += 1
      case ">": tokens.append(.greaterThan); index += 1
      case "<": tokens.append(.lessThan); index += 1
      default:
        var identifier = String.UnicodeScalarView()
        while index < characters.count, !characters[index].properties.isWhitespace, !isSpecial(characters[index]) {
          identifier.append(characters[index])
          index += 1
        }
        tokens.append(.identifier(String(identifier)))
      }
    }
    tokens.append(.end)
    return tokens
  }

  private var lookahead: Token { tokens[position] }

  private mutating func consume() -> Token {
    let token = tokens[position]
    if position < tokens.count - 1 { position += 1 }
    return token
  }

  private static func found(_ token: Token, expected: String) -> SelectorError {
    SelectorError("found '\(token.text)', expected: \(expected)")
  }

  mutating func parse() throws(SelectorError) -> [LabelRequirement] {
    var requirements: [LabelRequirement] = []
    while true {
      let token = lookahead
      if token == .end { return requirements }
      guard token.startsRequirement else { throw Self.found(token, expected: "!, identifier, or 'end of string'") }
      requirements.append(try parseRequirement())
      switch consume() {
      case .end:
        return requirements
      case .comma:
        guard lookahead.startsRequirement else { throw Self.found(lookahead, expected: "identifier after ','") }
      case let other:
        throw Self.found(other, expected: "',' or 'end of string'")
      }
    }
  }

  private mutating func parseRequirement() throws(SelectorError) -> LabelRequirement {
    var negated = false
    var token = consume()
    if token == .bang {
      negated = true
      token = consume()
    }
    guard case .identifier(let key) = token else { throw Self.found(token, expected: "identifier") }
    if negated || lookahead == .end || lookahead == .comma {
      return try LabelRequirement(key: key, operator: negated ? .doesNotExist : .exists)
    }
    let op: LabelRequirement.Operator
    switch consume() {
    case .identifier("in"): op = .in
    case .identifier("notin"): op = .notIn
    case .equals, .doubleEquals: op = .equals
    case .notEquals: op = .notEquals
    case .greaterThan: op = .greaterThan
    case .lessThan: op = .lessThan
    case let other: throw Self.found(other, expected: "in, notin, =, ==, !=, >, <")
    }
    let values: [String]
    switch op {
    case .in, .notIn: values = try parseValueSet()
    default: values = [try parseExactValue()]
    }
    return try LabelRequirement(key: key, operator: op, values: values)
  }

  /// `( a, b )`; like Kubernetes, empty entries (`()`, `(a,)`) stand for the empty value.
  private mutating func parseValueSet() throws(SelectorError) -> [String] {
    let open = consume()
    guard open == .openParen else { throw Self.found(open, expected: "'('") }
    var values: [String] = []
    var expectingValue = true
    while true {
      let token = consume()
      switch token {
      case .identifier(let value) where expectingValue:
        values.append(value)
        expectingValue = false
      case .comma:
        if expectingValue { values.append("") }
        expectingValue = true
      case .closeParen:
        if expectingValue { values.append("") }
        return values
      default:
        throw Self.found(token, expected: expectingValue ? "',', ')' or identifier" : "',' or ')'")
      }
    }
  }

  /// The value after `=`, `!=`, `>`, `<`; nothing before `,` or the end means the empty value.
  private mutating func parseExactValue() throws(SelectorError) -> String {
    if lookahead == .end || lookahead == .comma { return "" }
    let token = consume()
    guard case .identifier(let value) = token else { throw Self.found(token, expected: "identifier") }
    return value
  }
}
