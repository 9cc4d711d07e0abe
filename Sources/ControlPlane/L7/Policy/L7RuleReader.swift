import Kube
import Shared

/// Reads one AuthorizationPolicy rule into the waypoint's structured copy, validating every value
/// (a malformed principal, CIDR, port or an unknown `when` key is a problem with its field path):
/// the waypoint evaluates what it gets, so nothing it cannot evaluate may reach it.
struct L7RuleReader {
  var problems: [String] = []

  static let sourceFields: Set<String> = [
    "principals", "notPrincipals", "requestPrincipals", "notRequestPrincipals", "namespaces", "notNamespaces",
    "ipBlocks", "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks",
  ]
  static let operationFields: Set<String> = [
    "hosts", "notHosts", "ports", "notPorts", "methods", "notMethods", "paths", "notPaths",
  ]

  /// Istio's authorization condition keys (https://istio.io/latest/docs/reference/config/security/conditions/).
  static func isKnownConditionKey(_ key: String) -> Bool {
    let plain: Set<String> = [
      "source.ip", "remote.ip", "source.namespace", "source.principal", "request.auth.principal",
      "request.auth.audiences", "request.auth.presenter", "destination.ip", "destination.port", "connection.sni",
    ]
    if plain.contains(key) { return true }
    for prefix in ["request.headers[", "request.auth.claims[", "experimental.envoy.filters."]
    where key.hasPrefix(prefix) {
      return prefix.hasSuffix("[") ? key.hasSuffix("]") && key.count > prefix.count + 1 : true
    }
    return false
  }

  static func read(_ rule: JSONValue, path: String) -> (L7AuthorizationRule, [String]) {
    var reader = L7RuleReader()
    let result = reader.rule(rule, path: path)
    return (result, reader.problems)
  }

  private mutating func rule(_ rule: JSONValue, path: String) -> L7AuthorizationRule {
    guard let members = rule.objectValue else {
      problems.append("\(path): must be an object with from, to and when")
      return L7AuthorizationRule()
    }
    var result = L7AuthorizationRule()
    for key in members.keys.sorted() where !["from", "to", "when"].contains(key) {
      problems.append("\(path).\(key): is not a rule field (from, to, when)")
    }
    for (index, entry) in (list(members["from"], path: "\(path).from")).enumerated() {
      result.from.append(source(entry["source"], path: "\(path).from[\(index)].source"))
    }
    for (index, entry) in (list(members["to"], path: "\(path).to")).enumerated() {
      result.to.append(operation(entry["operation"], path: "\(path).to[\(index)].operation"))
    }
    for (index, entry) in (list(members["when"], path: "\(path).when")).enumerated() {
      if let condition = condition(entry, path: "\(path).when[\(index)]") { result.when.append(condition) }
    }
    return result
  }

  private mutating func list(_ value: JSONValue?, path: String) -> [JSONValue] {
    guard let value, !value.isNull else { return [] }
    guard let items = value.arrayValue else {
      problems.append("\(path): must be a list")
      return []
    }
    return items
  }

  private mutating func fields(_ value: JSONValue?, allowed: Set<String>, path: String) -> [String: [String]] {
    guard let members = value?.objectValue else {
      problems.append("\(path): must be an object")
      return [:]
    }
    var result: [String: [String]] = [:]
    for (key, item) in members.sorted(by: { $0.key < $1.key }) {
      guard allowed.contains(key) else {
        problems.append("\(path).\(key): is not a field here (\(allowed.sorted().joined(separator: ", ")))")
        continue
      }
      result[key] = strings(item, path: "\(path).\(key)", field: key)
    }
    return result
  }

  private mutating func strings(_ value: JSONValue, path: String, field: String) -> [String] {
    guard !value.isNull else { return [] }
    guard let items = value.arrayValue else {
      problems.append("\(path): must be a list of strings")
      return []
    }
    var result: [String] = []
    for (index, item) in items.enumerated() {
      let here = "\(path)[\(index)]"
      let text: String
      if field.lowercased().hasSuffix("ports") {
        do throws(PolicyValueParser.Problem) {
          text = String(try PolicyValueParser.port(item))
        } catch {
          problems.append("\(here): \(error.message)")
          continue
        }
      } else {
        guard let string = item.stringValue else {
          problems.append("\(here): \(PolicyValueParser.describe(item)) is not a string")
          continue
        }
        text = string
      }
      validate(text, path: here, field: field)
      result.append(text)
    }
    return result
  }

  private mutating func validate(_ text: String, path: String, field: String) {
    do throws(PolicyValueParser.Problem) {
      if field.lowercased().hasSuffix("ipblocks") {
        _ = try PolicyValueParser.cidr(text)
      } else if !field.lowercased().hasSuffix("ports") {
        _ = try PolicyValueParser.stringMatch(text)
      }
    } catch {
      problems.append("\(path): \(error.message)")
    }
  }

  private mutating func source(_ value: JSONValue?, path: String) -> L7Source {
    let f = fields(value, allowed: Self.sourceFields, path: path)
    var source = L7Source()
    source.principals = f["principals"] ?? []
    source.notPrincipals = f["notPrincipals"] ?? []
    source.requestPrincipals = f["requestPrincipals"] ?? []
    source.notRequestPrincipals = f["notRequestPrincipals"] ?? []
    source.namespaces = f["namespaces"] ?? []
    source.notNamespaces = f["notNamespaces"] ?? []
    source.ipBlocks = f["ipBlocks"] ?? []
    source.notIpBlocks = f["notIpBlocks"] ?? []
    source.remoteIpBlocks = f["remoteIpBlocks"] ?? []
    source.notRemoteIpBlocks = f["notRemoteIpBlocks"] ?? []
    return source
  }

  private mutating func operation(_ value: JSONValue?, path: String) -> L7Operation {
    let f = fields(value, allowed: Self.operationFields, path: path)
    var operation = L7Operation()
    operation.hosts = f["hosts"] ?? []
    operation.notHosts = f["notHosts"] ?? []
    operation.ports = f["ports"] ?? []
    operation.notPorts = f["notPorts"] ?? []
    operation.methods = f["methods"] ?? []
    operation.notMethods = f["notMethods"] ?? []
    operation.paths = f["paths"] ?? []
    operation.notPaths = f["notPaths"] ?? []
    return operation
  }

  private mutating func condition(_ value: JSONValue, path: String) -> L7Condition? {
    guard let key = value["key"]?.stringValue, !key.isEmpty else {
      problems.append("\(path).key: is required")
      return nil
    }
    guard Self.isKnownConditionKey(key) else {
      problems.append("\(path).key: \"\(key)\" is not an Istio authorization condition key")
      return nil
    }
    let values = value["values"].map { strings($0, path: "\(path).values", field: "values") } ?? []
    let notValues = value["notValues"].map { strings($0, path: "\(path).notValues", field: "notValues") } ?? []
    guard !values.isEmpty || !notValues.isEmpty else {
      problems.append("\(path): needs values or notValues")
      return nil
    }
    return L7Condition(key: key, values: values, notValues: notValues)
  }
}
