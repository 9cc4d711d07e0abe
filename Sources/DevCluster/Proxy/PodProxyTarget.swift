import Kube

/// Where a `pods/<id>/proxy` request goes: the pod IP and port, chosen as kube-apiserver's
/// `pod.ResourceLocation` chooses them, so the same `[scheme:]name[:port]` ids work here.
struct PodProxyTarget: Sendable, Equatable {
  enum Scheme: String, Sendable {
    case http
    case https

    var defaultPort: Int { self == .http ? 80 : 443 }
  }

  var scheme: Scheme
  /// The pod IP as written in `status.podIPs[0]` (or `status.podIP`).
  var address: String
  var port: Int

  /// `IP:PORT` (`[IP]:PORT` for IPv6), as Go's `net.JoinHostPort` writes it in dial errors.
  var hostPort: String { address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)" }

  /// The parts of a proxy id (`utilnet.SplitSchemeNamePort`): `name`, `name:port` or
  /// `scheme:name:port`; the port stays text until the pod is known.
  struct ID: Sendable, Equatable {
    var scheme: Scheme
    var name: String
    var port: String?

    static func parse(_ id: String) throws(KubeAPIError) -> ID {
      let parts = id.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      let scheme: String
      let name: String
      var port: String?
      switch parts.count {
      case 1: (scheme, name) = ("", parts[0])
      case 2: (scheme, name, port) = ("", parts[0], parts[1])
      case 3: (scheme, name, port) = (parts[0], parts[1], parts[2])
      default: throw KubeAPIError.badRequest("invalid pod request \"\(id)\"")
      }
      guard !name.isEmpty, let parsed = scheme.isEmpty ? .http : Scheme(rawValue: scheme) else {
        throw KubeAPIError.badRequest("invalid pod request \"\(id)\"")
      }
      // `name:` means no port, as in Go (an empty port string).
      return ID(scheme: parsed, name: name, port: port?.isEmpty == true ? nil : port)
    }
  }

  /// The target for `id` in `pod`. Without a port in the id: the first port of the first
  /// container that declares any, else the scheme's default (kube-apiserver's rule).
  static func resolve(_ id: ID, in pod: KubeObject) throws(KubeAPIError) -> PodProxyTarget {
    let port: Int
    if let text = id.port {
      // kube-apiserver passes the text to the dialer; a number is what works there.
      guard let number = Int(text), (1...65535).contains(number) else {
        throw KubeAPIError.badRequest(
          "invalid port \"\(text)\" in pod proxy request for \(pod.namespace)/\(pod.name): the port must be a number "
            + "from 1 to 65535 (named ports are not resolved for pods)")
      }
      port = number
    } else {
      port = firstContainerPort(pod) ?? id.scheme.defaultPort
    }
    let phase = pod.status?["phase"]?.stringValue ?? ""
    if phase == "Succeeded" || phase == "Failed" {
      throw KubeAPIError(
        .serviceUnavailable, "pod \(pod.namespace)/\(pod.name) has completed (phase \(phase)): nothing listens in it")
    }
    guard let address = podIP(pod) else {
      throw KubeAPIError(
        .serviceUnavailable,
        "pod \(pod.namespace)/\(pod.name) has no IP address yet (phase \(phase.isEmpty ? "unknown" : phase)): wait "
          + "for it with `kubectl wait --for=condition=Ready pod/\(pod.name) -n \(pod.namespace)`")
    }
    // kube-apiserver's `IsProxyableIP` also refuses loopback; the dev cluster allows it (its
    // API-server-only tests serve "pods" on 127.0.0.1, and the caller already owns the host).
    guard address != "0.0.0.0", address != "::", address.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" })
    else {
      throw KubeAPIError.badRequest("address not allowed: pod \(pod.namespace)/\(pod.name) has IP \"\(address)\"")
    }
    return PodProxyTarget(scheme: id.scheme, address: address, port: port)
  }

  private static func firstContainerPort(_ pod: KubeObject) -> Int? {
    for container in pod.spec?["containers"]?.arrayValue ?? [] {
      if let first = container["ports"]?.arrayValue?.first { return first["containerPort"]?.intValue.map(Int.init) }
    }
    return nil
  }

  private static func podIP(_ pod: KubeObject) -> String? {
    let first = pod.status?["podIPs"]?.arrayValue?.first?["ip"]?.stringValue
    let ip = first ?? pod.status?["podIP"]?.stringValue ?? ""
    return ip.isEmpty ? nil : ip
  }
}
