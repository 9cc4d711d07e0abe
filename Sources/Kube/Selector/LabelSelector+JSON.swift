extension LabelSelector {
  /// The object form used in specs: `{matchLabels: {...}, matchExpressions: [{key, operator:
  /// In|NotIn|Exists|DoesNotExist, values}]}`. An empty/absent selector object (or `null`) matches
  /// everything; callers decide what a missing selector field means (Kubernetes differs by kind).
  public init(json: JSONValue) throws(SelectorError) {
    let members: [String: JSONValue]
    switch json {
    case .null: members = [:]
    case .object(let object): members = object
    default: throw SelectorError("a label selector must be an object, not \(json.kindName)")
    }
    var requirements: [LabelRequirement] = []
    switch members["matchLabels"] {
    case nil, .null?: break
    case .object(let labels)?:
      for key in labels.keys.sorted() {
        guard case .string(let value) = labels[key]! else {
          throw SelectorError("matchLabels[\"\(key)\"] must be a string, not \(labels[key]!.kindName)")
        }
        requirements.append(try LabelRequirement(key: key, operator: .equals, values: [value]))
      }
    case let other?: throw SelectorError("matchLabels must be an object, not \(other.kindName)")
    }
    switch members["matchExpressions"] {
    case nil, .null?: break
    case .array(let expressions)?:
      for (index, expression) in expressions.enumerated() {
        requirements.append(try Self.requirement(expression, index: index))
      }
    case let other?: throw SelectorError("matchExpressions must be a list, not \(other.kindName)")
    }
    self.init(requirements: requirements)
  }

  private static func requirement(_ expression: JSONValue, index: Int) throws(SelectorError) -> LabelRequirement {
    let location = "matchExpressions[\(index)]"
    guard let key = expression["key"]?.stringValue else { throw SelectorError("\(location) has no \"key\" string") }
    guard let operatorName = expression["operator"]?.stringValue else {
      throw SelectorError("\(location) (key \"\(key)\") has no \"operator\" string")
    }
    let op: LabelRequirement.Operator
    switch operatorName {
    case "In": op = .in
    case "NotIn": op = .notIn
    case "Exists": op = .exists
    case "DoesNotExist": op = .doesNotExist
    default:
      throw SelectorError(
        "\(location): \"\(operatorName)\" is not a valid label selector operator (expected In, NotIn, Exists or DoesNotExist)"
      )
    }
    var values: [String] = []
    switch expression["values"] {
    case nil, .null?: break
    case .array(let list)?:
      for value in list {
        guard case .string(let text) = value else {
          throw SelectorError("\(location) (key \"\(key)\"): values must be strings, found \(value.kindName)")
        }
        values.append(text)
      }
    case let other?: throw SelectorError("\(location) (key \"\(key)\"): values must be a list, not \(other.kindName)")
    }
    do {
      return try LabelRequirement(key: key, operator: op, values: values)
    } catch {
      throw SelectorError("\(location): \(error.message)")
    }
  }
}
