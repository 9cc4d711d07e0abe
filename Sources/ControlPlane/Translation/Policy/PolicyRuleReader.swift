import Kube
import Shared

/// Reads one `spec.rules[i]` of an AuthorizationPolicy into L4 clauses, following Istio's
/// meaning and Shared's model: the `from` entries are one clause (any source may match), the
/// `to` entries another (any operation), and every `when` condition a clause of its own (all
/// must hold).
///
/// L7 attributes are left out and recorded, malformed values and unknown fields are recorded as
/// problems; deciding what that does to the rule is the caller's (it depends on the action).
struct PolicyRuleReader {
  private(set) var translation = RuleTranslation()

  /// Conditions ztunnel can evaluate, by `when` key.
  private enum L4Key: String {
    case sourceIP = "source.ip"
    case remoteIP = "remote.ip"
    case sourceNamespace = "source.namespace"
    case sourcePrincipal = "source.principal"
    case destinationIP = "destination.ip"
    case destinationPort = "destination.port"
  }

  static let sourceL7Fields: Set<String> = ["requestPrincipals", "notRequestPrincipals"]
  static let operationL7Fields: Set<String> = ["hosts", "notHosts", "methods", "notMethods", "paths", "notPaths"]

  /// `when` keys only a proxy that sees requests can evaluate.
  static func isL7Key(_ key: String) -> Bool {
    key.hasPrefix("request.") || key.hasPrefix("experimental.") || key == "connection.sni" || key == "source.user"
  }

  static func read(_ rule: JSONValue, path: String) -> RuleTranslation {
    var reader = PolicyRuleReader()
    reader.rule(rule, path: path)
    return reader.translation
  }

  private mutating func rule(_ rule: JSONValue, path: String) {
    guard let members = rule.objectValue else {
      problem(path, "must be an object with from, to and when, not \(PolicyValueParser.describe(rule))")
      return
    }
    for key in members.keys.sorted() where !["from", "to", "when"].contains(key) {
      problem("\(path).\(key)", "is not a field of a rule (expected from, to or when)")
    }
    if let from = members["from"] {
      let matches = entries(from, path: "\(path).from", member: "source") { reader, value, entryPath in
        reader.source(value, path: entryPath)
      }
      if !matches.isEmpty { translation.clauses.append(AuthorizationClause(matches: matches)) }
    }
    if let to = members["to"] {
      let matches = entries(to, path: "\(path).to", member: "operation") { reader, value, entryPath in
        reader.operation(value, path: entryPath)
      }
      if !matches.isEmpty { translation.clauses.append(AuthorizationClause(matches: matches)) }
    }
    if let when = members["when"] {
      guard let conditions = when.arrayValue else {
        problem("\(path).when", "must be a list of conditions")
        return
      }
      for (index, condition) in conditions.enumerated() {
        if let match = self.condition(condition, path: "\(path).when[\(index)]") {
          translation.clauses.append(AuthorizationClause(matches: [match]))
        }
      }
    }
  }

  /// The matches of a `from` or `to` list: one per entry, each read from its `member` object.
  private mutating func entries(
    _ list: JSONValue, path: String, member: String,
    _ read: (inout PolicyRuleReader, JSONValue, String) -> AuthorizationMatch
  ) -> [AuthorizationMatch] {
    guard let items = list.arrayValue else {
      problem(path, "must be a list")
      return []
    }
    var matches: [AuthorizationMatch] = []
    for (index, item) in items.enumerated() {
      let itemPath = "\(path)[\(index)]"
      guard let members = item.objectValue, let value = members[member] else {
        problem(itemPath, "must be an object with \"\(member)\"")
        continue
      }
      for key in members.keys.sorted() where key != member {
        problem("\(itemPath).\(key)", "is not a field here (expected \(member))")
      }
      matches.append(read(&self, value, "\(itemPath).\(member)"))
    }
    return matches
  }

  private mutating func source(_ value: JSONValue, path: String) -> AuthorizationMatch {
    var match = AuthorizationMatch()
    guard let members = value.objectValue, hasSetField(members) else {
      problem(path, "must set at least one field (principals, namespaces, ipBlocks, ...)")
      return match
    }
    for key in members.keys.sorted() {
      let fieldPath = "\(path).\(key)"
      let field = members[key] ?? .null
      switch key {
      case "principals": match.principals = stringMatches(field, path: fieldPath)
      case "notPrincipals": match.notPrincipals = stringMatches(field, path: fieldPath)
      case "namespaces": match.namespaces = stringMatches(field, path: fieldPath)
      case "notNamespaces": match.notNamespaces = stringMatches(field, path: fieldPath)
      case "ipBlocks", "remoteIpBlocks": match.sourceIPs += cidrs(field, path: fieldPath)
      case "notIpBlocks", "notRemoteIpBlocks": match.notSourceIPs += cidrs(field, path: fieldPath)
      case _ where Self.sourceL7Fields.contains(key): l7(fieldPath, field)
      default: problem(fieldPath, "is not a field of source")
      }
    }
    return match
  }

  private mutating func operation(_ value: JSONValue, path: String) -> AuthorizationMatch {
    var match = AuthorizationMatch()
    guard let members = value.objectValue, hasSetField(members) else {
      problem(path, "must set at least one field (ports, notPorts, ...)")
      return match
    }
    for key in members.keys.sorted() {
      let fieldPath = "\(path).\(key)"
      let field = members[key] ?? .null
      switch key {
      case "ports": match.destinationPorts = ports(field, path: fieldPath)
      case "notPorts": match.notDestinationPorts = ports(field, path: fieldPath)
      case _ where Self.operationL7Fields.contains(key): l7(fieldPath, field)
      default: problem(fieldPath, "is not a field of operation")
      }
    }
    return match
  }

  /// One `when` condition as a match, or `nil` when it is L7 or malformed (recorded).
  private mutating func condition(_ value: JSONValue, path: String) -> AuthorizationMatch? {
    guard let members = value.objectValue, let key = members["key"]?.stringValue else {
      problem(path, "must be an object with a string \"key\"")
      return nil
    }
    for name in members.keys.sorted() where !["key", "values", "notValues"].contains(name) {
      problem("\(path).\(name)", "is not a field of a condition (expected key, values, notValues)")
    }
    let values = members["values"] ?? .array([])
    let notValues = members["notValues"] ?? .array([])
    guard (values.arrayValue?.isEmpty == false) || (notValues.arrayValue?.isEmpty == false) else {
      problem(path, "condition \"\(key)\" must list values or notValues")
      return nil
    }
    if Self.isL7Key(key) {
      translation.l7Fields.append("\(path) (\(key))")
      return nil
    }
    guard let l4 = L4Key(rawValue: key) else {
      problem(
        "\(path).key",
        "\"\(key)\" is not a known condition key (source.ip, remote.ip, source.namespace, source.principal, "
          + "destination.ip, destination.port, or an L7 key such as request.headers[...])")
      return nil
    }
    let problemsBefore = translation.problems.count
    var match = AuthorizationMatch()
    let valuesPath = "\(path).values"
    let notValuesPath = "\(path).notValues"
    switch l4 {
    case .sourceIP, .remoteIP:
      match.sourceIPs = cidrs(values, path: valuesPath)
      match.notSourceIPs = cidrs(notValues, path: notValuesPath)
    case .destinationIP:
      match.destinationIPs = cidrs(values, path: valuesPath)
      match.notDestinationIPs = cidrs(notValues, path: notValuesPath)
    case .sourceNamespace:
      match.namespaces = stringMatches(values, path: valuesPath)
      match.notNamespaces = stringMatches(notValues, path: notValuesPath)
    case .sourcePrincipal:
      match.principals = stringMatches(values, path: valuesPath)
      match.notPrincipals = stringMatches(notValues, path: notValuesPath)
    case .destinationPort:
      match.destinationPorts = ports(values, path: valuesPath)
      match.notDestinationPorts = ports(notValues, path: notValuesPath)
    }
    return translation.problems.count == problemsBefore ? match : nil
  }

  // MARK: - Lists of values

  private mutating func stringMatches(_ value: JSONValue, path: String) -> [StringMatch] {
    var result: [StringMatch] = []
    for (index, text) in strings(value, path: path) {
      do throws(PolicyValueParser.Problem) {
        result.append(try PolicyValueParser.stringMatch(text))
      } catch {
        problem("\(path)[\(index)]", error.message)
      }
    }
    return result
  }

  private mutating func cidrs(_ value: JSONValue, path: String) -> [CIDR] {
    var result: [CIDR] = []
    for (index, text) in strings(value, path: path) {
      do throws(PolicyValueParser.Problem) {
        result.append(try PolicyValueParser.cidr(text))
      } catch {
        problem("\(path)[\(index)]", error.message)
      }
    }
    return result
  }

  private mutating func ports(_ value: JSONValue, path: String) -> [UInt16] {
    guard let items = value.arrayValue else {
      problem(path, "must be a list of port numbers")
      return []
    }
    var result: [UInt16] = []
    for (index, item) in items.enumerated() {
      do throws(PolicyValueParser.Problem) {
        result.append(try PolicyValueParser.port(item))
      } catch {
        problem("\(path)[\(index)]", error.message)
      }
    }
    return result
  }

  /// The string elements of a list with their indexes; anything else is a problem.
  private mutating func strings(_ value: JSONValue, path: String) -> [(Int, String)] {
    guard let items = value.arrayValue else {
      problem(path, "must be a list of strings")
      return []
    }
    var result: [(Int, String)] = []
    for (index, item) in items.enumerated() {
      guard let text = item.stringValue else {
        problem("\(path)[\(index)]", "\(PolicyValueParser.describe(item)) is not a string")
        continue
      }
      result.append((index, text))
    }
    return result
  }

  // MARK: - Recording

  /// Whether any member is set: a non-empty list, or anything that is not a list (which is then
  /// reported as malformed).
  private func hasSetField(_ members: [String: JSONValue]) -> Bool {
    members.values.contains { value in
      guard let items = value.arrayValue else { return !value.isNull }
      return !items.isEmpty
    }
  }

  private mutating func l7(_ path: String, _ value: JSONValue) {
    if let items = value.arrayValue, items.isEmpty { return }
    translation.l7Fields.append(path)
  }

  private mutating func problem(_ path: String, _ message: String) {
    translation.problems.append("\(path): \(message)")
  }
}
