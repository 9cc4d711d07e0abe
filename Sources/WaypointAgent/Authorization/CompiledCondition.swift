import Shared

/// One `when` condition with its key resolved to an attribute and its values pre-parsed.
/// Keys follow https://istio.io/latest/docs/reference/config/security/conditions/.
struct CompiledCondition: Sendable {
  enum Attribute: Sendable {
    case claim([String])
    case requestPrincipal
    case audiences
    case presenter
    case header(String)
    case sourceIP
    case sourceNamespace
    case sourcePrincipal
    case destinationIP
    case destinationPort
    /// Requests arrive inside an HBONE tunnel as plain HTTP: there is no SNI, so this is absent.
    case connectionSNI
  }

  enum Values: Sendable {
    case strings(ValueSet<StringMatch>)
    case cidrs(ValueSet<CIDR>)
    case ports(ValueSet<Int>)
  }

  let attribute: Attribute
  let values: Values

  init(_ condition: L7Condition) throws(InvalidPolicyValue) {
    let key = condition.key
    let field = "when[\(key)]"
    func strings() -> Values { .strings(PolicyValues.strings(condition.values, condition.notValues)) }
    switch key {
    case "request.auth.principal": (attribute, values) = (.requestPrincipal, strings())
    case "request.auth.audiences": (attribute, values) = (.audiences, strings())
    case "request.auth.presenter": (attribute, values) = (.presenter, strings())
    case "source.namespace": (attribute, values) = (.sourceNamespace, strings())
    case "source.principal": (attribute, values) = (.sourcePrincipal, strings())
    case "connection.sni": (attribute, values) = (.connectionSNI, strings())
    case "source.ip", "remote.ip":
      (attribute, values) = (
        .sourceIP, .cidrs(try PolicyValues.cidrs(condition.values, condition.notValues, field: field))
      )
    case "destination.ip":
      (attribute, values) = (
        .destinationIP, .cidrs(try PolicyValues.cidrs(condition.values, condition.notValues, field: field))
      )
    case "destination.port":
      (attribute, values) = (
        .destinationPort, .ports(try PolicyValues.ports(condition.values, condition.notValues, field: field))
      )
    default:
      if let names = Self.bracketed(key, prefix: "request.auth.claims[") {
        (attribute, values) = (.claim(names), strings())
      } else if let names = Self.bracketed(key, prefix: "request.headers["), names.count == 1 {
        (attribute, values) = (.header(names[0]), strings())
      } else {
        throw InvalidPolicyValue(message: "\(field): the key is not an authorization condition this waypoint evaluates")
      }
    }
  }

  /// `prefix` + `a][b]` → `["a", "b"]`; `nil` when malformed or a name is empty.
  private static func bracketed(_ key: String, prefix: String) -> [String]? {
    guard key.hasPrefix(prefix), key.hasSuffix("]") else { return nil }
    let inner = key.dropFirst(prefix.count).dropLast()
    let names = inner.components(separatedBy: "][")
    guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty && !$0.contains("[") && !$0.contains("]") }) else {
      return nil
    }
    return names
  }

  func matches(_ attributes: AuthorizationAttributes) -> Bool {
    switch values {
    case .strings(let set):
      let candidates = strings(attributes)
      return set.matches({ matcher in candidates.contains(where: matcher.matches) }, present: !candidates.isEmpty)
    case .cidrs(let set):
      let address = attribute.isDestination ? attributes.request.destinationIP : attributes.request.sourceIP
      guard let address else { return set.matches({ _ in false }, present: false) }
      return set.matches({ $0.contains(address) }, present: true)
    case .ports(let set):
      let port = attributes.request.destinationPort
      return set.matches({ $0 == port }, present: true)
    }
  }

  /// The attribute's values; empty when absent.
  private func strings(_ attributes: AuthorizationAttributes) -> [String] {
    switch attribute {
    case .claim(let path): return attributes.jwt?.claim(path)?.policyStrings ?? []
    case .requestPrincipal: return attributes.jwt.map { [$0.principal] } ?? []
    case .audiences: return attributes.jwt?.audiences ?? []
    case .presenter: return attributes.jwt?.presenter.map { [$0] } ?? []
    case .header(let name): return attributes.request.headers.joined(name).map { [$0] } ?? []
    case .sourceNamespace: return attributes.namespace.map { [$0] } ?? []
    case .sourcePrincipal: return attributes.principal.map { [$0] } ?? []
    case .connectionSNI, .sourceIP, .destinationIP, .destinationPort: return []
    }
  }
}

extension CompiledCondition.Attribute {
  fileprivate var isDestination: Bool {
    if case .destinationIP = self { return true }
    return false
  }
}
