import Kube
import Shared

/// Reads one HTTPRoute rule's matches and filters into the waypoint model. Problems are collected
/// with their field paths; the converter decides what the rule becomes (see `HTTPRouteConverter`).
struct RouteRuleReader {
  var problems: [String] = []
  /// Valid Gateway API features this mesh does not implement (`RequestMirror`, `ExtensionRef`, ...).
  var unsupported: [String] = []

  mutating func matches(_ rule: HTTPRouteRule, path: String) -> [L7RouteMatch] {
    rule.matches.enumerated().map { index, match in
      self.match(match, path: "\(path).matches[\(index)]")
    }
  }

  private mutating func match(_ match: HTTPRouteMatch, path: String) -> L7RouteMatch {
    let written = match.path ?? HTTPPathMatch()
    let kind: L7PathMatch.Kind
    switch written.type {
    case "Exact": kind = .exact
    case "PathPrefix": kind = .prefix
    case "RegularExpression": kind = .regularExpression
    default:
      problems.append("\(path).path.type: \"\(written.type)\" is not one of Exact, PathPrefix, RegularExpression")
      kind = .exact
    }
    if kind != .regularExpression, !written.value.hasPrefix("/") {
      problems.append("\(path).path.value: \"\(written.value)\" must start with \"/\"")
    }
    if kind == .regularExpression { checkRegex(written.value, path: "\(path).path.value") }
    return L7RouteMatch(
      path: L7PathMatch(kind: kind, value: written.value),
      headers: match.headers.enumerated().map { stringMatch($1, path: "\(path).headers[\($0)]") },
      queryParams: match.queryParams.enumerated().map { stringMatch($1, path: "\(path).queryParams[\($0)]") },
      method: match.method.map { $0.uppercased() })
  }

  private mutating func stringMatch(_ match: HTTPHeaderMatch, path: String) -> L7StringMatch {
    switch match.type {
    case "Exact": return L7StringMatch(kind: .exact, name: match.name, value: match.value)
    case "RegularExpression":
      checkRegex(match.value, path: "\(path).value")
      return L7StringMatch(kind: .regularExpression, name: match.name, value: match.value)
    default:
      problems.append("\(path).type: \"\(match.type)\" is not one of Exact, RegularExpression")
      return L7StringMatch(kind: .exact, name: match.name, value: match.value)
    }
  }

  private mutating func checkRegex(_ pattern: String, path: String) {
    do {
      _ = try Regex(pattern)
    } catch {
      problems.append("\(path): \"\(pattern)\" is not a valid regular expression")
    }
  }

  mutating func filters(_ written: [JSONValue], path: String) -> [L7Filter] {
    var result: [L7Filter] = []
    for (index, filter) in written.enumerated() {
      let here = "\(path)[\(index)]"
      let type = filter["type"]?.stringValue ?? ""
      switch type {
      case "RequestHeaderModifier":
        result.append(.requestHeaderModifier(headerModifier(filter["requestHeaderModifier"], path: here)))
      case "ResponseHeaderModifier":
        result.append(.responseHeaderModifier(headerModifier(filter["responseHeaderModifier"], path: here)))
      case "RequestRedirect":
        if let redirect = redirect(filter["requestRedirect"], path: "\(here).requestRedirect") {
          result.append(.requestRedirect(redirect))
        }
      case "URLRewrite":
        let value = filter["urlRewrite"]
        result.append(
          .urlRewrite(
            L7Rewrite(
              hostname: value?["hostname"]?.stringValue,
              path: value?["path"].flatMap { pathModifier($0, path: "\(here).urlRewrite.path") })))
      case "RequestMirror", "ExtensionRef", "CORS", "ExternalAuth":
        unsupported.append("\(here).type: \(type) is not supported by this mesh")
      default:
        problems.append("\(here).type: \"\(type)\" is not a Gateway API HTTPRoute filter")
      }
    }
    return result
  }

  private mutating func headerModifier(_ value: JSONValue?, path: String) -> L7HeaderModifier {
    func headers(_ key: String) -> [L7Header] {
      (value?[key]?.arrayValue ?? []).compactMap { entry in
        guard let name = entry["name"]?.stringValue, let value = entry["value"]?.stringValue else { return nil }
        return L7Header(name: name, value: value)
      }
    }
    return L7HeaderModifier(
      set: headers("set"), add: headers("add"),
      remove: (value?["remove"]?.arrayValue ?? []).compactMap(\.stringValue))
  }

  private mutating func redirect(_ value: JSONValue?, path: String) -> L7Redirect? {
    let status = value?["statusCode"]?.intValue.map(Int.init) ?? 302
    guard status == 301 || status == 302 || status == 303 || status == 307 || status == 308 else {
      problems.append("\(path).statusCode: \(status) is not a redirect status (301, 302, 303, 307, 308)")
      return nil
    }
    let scheme = value?["scheme"]?.stringValue
    if let scheme, scheme != "http", scheme != "https" {
      problems.append("\(path).scheme: \"\(scheme)\" is not http or https")
    }
    return L7Redirect(
      scheme: scheme, hostname: value?["hostname"]?.stringValue, port: value?["port"]?.intValue.map(Int.init),
      path: value?["path"].flatMap { pathModifier($0, path: "\(path).path") }, statusCode: status)
  }

  private mutating func pathModifier(_ value: JSONValue, path: String) -> L7PathModifier? {
    switch value["type"]?.stringValue {
    case "ReplaceFullPath":
      guard let full = value["replaceFullPath"]?.stringValue else {
        problems.append("\(path).replaceFullPath: is required for type ReplaceFullPath")
        return nil
      }
      return .replaceFullPath(full)
    case "ReplacePrefixMatch":
      guard let prefix = value["replacePrefixMatch"]?.stringValue else {
        problems.append("\(path).replacePrefixMatch: is required for type ReplacePrefixMatch")
        return nil
      }
      return .replacePrefixMatch(prefix)
    case let other:
      problems.append(
        "\(path).type: \(other.map { "\"\($0)\"" } ?? "missing") is not ReplaceFullPath or ReplacePrefixMatch")
      return nil
    }
  }
}
