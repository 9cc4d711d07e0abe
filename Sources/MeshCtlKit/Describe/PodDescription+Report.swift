import Kube

extension PodDescription: Report {
  public var text: String {
    var lines = ["Pod:        \(namespace)/\(name)"]
    lines.append(
      "Node:       \(node ?? "(not scheduled)")\(podIP.map { "   IP: \($0)" } ?? "")   phase: \(phase ?? "?")")
    lines.append("Mesh:       \(enrollment.enrolled ? "enrolled" : "not enrolled"): \(enrollment.reason)")
    if enrollment.enrolled {
      lines.append(
        "Capture:    "
          + (captured
            ? "redirected (ambient.istio.io/redirection=enabled)"
            : "not yet redirected: the node's ztunnel has not captured it (is the ztunnel running?)"))
      lines.append("Identity:   \(identity ?? "(none yet)")")
    }
    lines.append(
      "ztunnel:    \(ztunnel.map { "\($0) (\(ztunnelReady ? "ready" : "not ready"))" } ?? "none on this node")")
    if let certificate {
      lines.append("Cert:       \(certificate.state)\(certificate.expires.map { ", expires \($0)" } ?? "")")
    }
    lines.append("Services:   \(services.isEmpty ? "none" : services.joined(separator: ", "))")
    lines.append(
      "Waypoint:   "
        + (waypoints.isEmpty
          ? "none"
          : waypoints.map { "\($0.gateway) for \($0.usedBy)\($0.programmed ? "" : " (NOT programmed)")" }
            .joined(separator: ", ")))
    if policies.isEmpty {
      lines.append("Policies:   none apply\(enrollment.enrolled ? " (all traffic is allowed)" : "")")
    } else {
      lines.append("Policies:")
      for policy in policies { lines.append("  \(policy.action.padding(6)) \(policy.key)  at \(policy.enforcedBy)") }
    }
    if let verdict {
      lines.append(
        "From \(verdict.source) to port \(verdict.port): \(verdict.allowed ? "ALLOW" : "DENY") (\(verdict.reason))")
      if let via = verdict.viaWaypoint {
        lines.append("  traffic through waypoint \(via) is also checked there against its L7 policies")
      }
    }
    for problem in problems { lines.append("Problem:    \(problem)") }
    return lines.joined(separator: "\n") + "\n"
  }

  public var json: JSONValue {
    var object: JSONValue = [
      "namespace": .string(namespace), "name": .string(name), "node": node.map(JSONValue.string) ?? .null,
      "podIP": podIP.map(JSONValue.string) ?? .null, "phase": phase.map(JSONValue.string) ?? .null,
      "enrolled": .bool(enrollment.enrolled), "enrollmentReason": .string(enrollment.reason),
      "captured": .bool(captured), "identity": identity.map(JSONValue.string) ?? .null,
      "ztunnel": ztunnel.map(JSONValue.string) ?? .null, "ztunnelReady": .bool(ztunnelReady),
      "services": .array(services.map(JSONValue.string)),
      "waypoints": .array(
        waypoints.map {
          ["gateway": .string($0.gateway), "usedBy": .string($0.usedBy), "programmed": .bool($0.programmed)]
        }),
      "policies": .array(
        policies.map {
          [
            "key": .string($0.key), "action": .string($0.action), "enforcedBy": .string($0.enforcedBy),
            "scope": .string($0.scope),
          ]
        }),
      "problems": .array(problems.map(JSONValue.string)),
    ]
    if let verdict {
      object["verdict"] = [
        "source": .string(verdict.source), "sourceIdentity": verdict.sourceIdentity.map(JSONValue.string) ?? .null,
        "port": .int(Int64(verdict.port)), "allowed": .bool(verdict.allowed), "reason": .string(verdict.reason),
        "viaWaypoint": verdict.viaWaypoint.map(JSONValue.string) ?? .null,
      ]
    }
    if let certificate {
      object["certificate"] = [
        "state": .string(certificate.state), "expires": certificate.expires.map(JSONValue.string) ?? .null,
      ]
    }
    return object
  }
}

extension String {
  func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
