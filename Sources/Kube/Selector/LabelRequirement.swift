/// One term of a label selector: a key, an operator and (for most operators) values.
public struct LabelRequirement: Sendable, Hashable, CustomStringConvertible {
  public enum Operator: Sendable, Hashable, CaseIterable {
    /// `=` or `==`; also `matchLabels` entries.
    case equals
    case notEquals
    case `in`
    case notIn
    case exists
    case doesNotExist
    /// `>` on integer values (query strings only, as in Kubernetes).
    case greaterThan
    case lessThan
  }

  public let key: String
  public let `operator`: Operator
  /// Sorted and without duplicates, so equal requirements compare equal.
  public let values: [String]

  /// Validates like apimachinery's `NewRequirement`: the key and every value must be label syntax, `in` and
  /// `notin` need values, `=`/`!=`/`gt`/`lt` exactly one (an integer for `gt`/`lt`), `exists` and `!` none.
  public init(key: String, operator op: Operator, values: [String] = []) throws(SelectorError) {
    if let problem = LabelSyntax.keyProblem(key) {
      throw SelectorError("invalid label key \"\(key)\": \(problem)")
    }
    let unique = Array(Set(values)).sorted()
    switch op {
    case .in, .notIn:
      guard !unique.isEmpty else {
        throw SelectorError("label requirement on \"\(key)\": for 'in', 'notin' operators, values set can't be empty")
      }
    case .equals, .notEquals:
      guard unique.count == 1 else {
        throw SelectorError("label requirement on \"\(key)\": exact-match compatibility requires one single value")
      }
    case .exists, .doesNotExist:
      guard unique.isEmpty else {
        throw SelectorError("label requirement on \"\(key)\": values set must be empty for exists and does not exist")
      }
    case .greaterThan, .lessThan:
      guard unique.count == 1 else {
        throw SelectorError("label requirement on \"\(key)\": for 'gt', 'lt' operators, exactly one value is required")
      }
      guard Int64(unique[0]) != nil else {
        throw SelectorError(
          "label requirement on \"\(key)\": for 'gt', 'lt' operators, the value must be an integer, not \"\(unique[0])\""
        )
      }
    }
    for value in unique {
      if let problem = LabelSyntax.valueProblem(value) {
        throw SelectorError("invalid label value \"\(value)\" for key \"\(key)\": \(problem)")
      }
    }
    self.key = key
    self.operator = op
    self.values = unique
  }

  /// An unchecked equality requirement, for `matchLabels` maps that come from code rather than users.
  init(equal key: String, _ value: String) {
    self.key = key
    self.operator = .equals
    self.values = [value]
  }

  public func matches(_ labels: [String: String]) -> Bool {
    let value = labels[key]
    switch self.operator {
    case .equals, .in:
      guard let value else { return false }
      return values.contains(value)
    case .notEquals, .notIn:
      guard let value else { return true }
      return !values.contains(value)
    case .exists:
      return value != nil
    case .doesNotExist:
      return value == nil
    case .greaterThan, .lessThan:
      guard let value, let actual = Int64(value), let bound = values.first.flatMap({ Int64($0) }) else {
        return false
      }
      return self.operator == .greaterThan ? actual > bound : actual < bound
    }
  }

  /// The query-string form: `k=v`, `k!=v`, `k in (a,b)`, `k notin (a)`, `k`, `!k`, `k>1`, `k<1`.
  public var description: String {
    switch self.operator {
    case .equals: return "\(key)=\(values.first ?? "")"
    case .notEquals: return "\(key)!=\(values.first ?? "")"
    case .in: return "\(key) in (\(values.joined(separator: ",")))"
    case .notIn: return "\(key) notin (\(values.joined(separator: ",")))"
    case .exists: return key
    case .doesNotExist: return "!\(key)"
    case .greaterThan: return "\(key)>\(values.first ?? "")"
    case .lessThan: return "\(key)<\(values.first ?? "")"
    }
  }
}
