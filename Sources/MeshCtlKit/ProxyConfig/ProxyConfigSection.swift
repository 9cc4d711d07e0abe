import Kube

/// `meshctl proxy-config <section>`: one part of a ztunnel's `/config_dump`, as a table (or the
/// dump's own JSON for that part with `-o json|yaml`).
public enum ProxyConfigSection: String, CaseIterable, Sendable {
  case workloads
  case services
  case policies
  case certificates
  case all

  public func report(from dump: JSONValue, ztunnel: String) throws(MeshCtlError) -> ProxyConfigReport {
    guard dump["workloads"]?.arrayValue != nil else {
      throw MeshCtlError("\(ztunnel) answered /config_dump without a workloads list: is it a ztunnel of this mesh?")
    }
    let part: JSONValue = self == .all ? dump : (dump[rawValue] ?? .array([]))
    return ProxyConfigReport(section: self, json: part, text: table(dump))
  }

  func table(_ dump: JSONValue) -> String {
    func rows(_ key: String) -> [JSONValue] { dump[key]?.arrayValue ?? [] }
    func text(_ value: JSONValue?) -> String {
      switch value {
      case .string(let s)?: s.isEmpty ? "-" : s
      case .int(let i)?: String(i)
      case .array(let items)?: items.isEmpty ? "-" : items.map { text($0) }.joined(separator: ",")
      case .object(let members)?:
        members["address"].map { text($0) } ?? members["hostname"].map { text($0) } ?? "-"
      default: "-"
      }
    }
    switch self {
    case .workloads:
      var table = TextTable(["NAMESPACE", "NAME", "ADDRESS", "NODE", "WAYPOINT", "PROTOCOL", "STATUS"])
      for w in rows("workloads") {
        table.rows.append([
          text(w["namespace"]), text(w["name"]), text(w["addresses"]), text(w["node"]), text(w["waypoint"]),
          text(w["protocol"]), text(w["status"]),
        ])
      }
      return table.rendered
    case .services:
      var table = TextTable(["NAMESPACE", "NAME", "VIPS", "PORTS", "WAYPOINT", "ENDPOINTS"])
      for s in rows("services") {
        let ports = (s["ports"]?.arrayValue ?? []).map { "\(text($0["servicePort"]))->\(text($0["targetPort"]))" }
        table.rows.append([
          text(s["namespace"]), text(s["name"]), text(s["vips"]), ports.isEmpty ? "-" : ports.joined(separator: ","),
          text(s["waypoint"]), String((s["endpoints"]?.arrayValue ?? []).count),
        ])
      }
      return table.rendered
    case .policies:
      var table = TextTable(["NAMESPACE", "NAME", "ACTION", "SCOPE", "RULES"])
      for p in rows("policies") {
        table.rows.append([
          text(p["namespace"]), text(p["name"]), text(p["action"]).uppercased(), text(p["scope"]),
          String((p["rules"]?.arrayValue ?? []).count),
        ])
      }
      return table.rendered
    case .certificates:
      var table = TextTable(["IDENTITY", "STATE", "SERIAL", "VALID FROM", "EXPIRES"])
      for c in rows("certificates") {
        let leaf = c["certChain"]?.arrayValue?.first
        table.rows.append([
          text(c["identity"]), text(c["state"]), text(leaf?["serialNumber"]), text(leaf?["validFrom"]),
          text(leaf?["expirationTime"]),
        ])
      }
      return table.rendered
    case .all:
      return [ProxyConfigSection.workloads, .services, .policies, .certificates].map {
        "\($0.rawValue.uppercased())\n\($0.table(dump))"
      }
      .joined(separator: "\n")
    }
  }
}

/// A rendered section of a ztunnel dump.
public struct ProxyConfigReport: Report {
  public var section: ProxyConfigSection
  public var json: JSONValue
  public var text: String
}
