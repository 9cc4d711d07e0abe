import Kube

/// The parts of a pod's container the runner acts on, read from the pod's JSON.
struct ContainerSpec: Sendable, Equatable {
  struct Port: Sendable, Equatable {
    var containerPort: Int
    var hostPort: Int?
    var name: String?
  }

  enum Probe: Sendable, Equatable {
    case httpGet(port: Int, path: String)
    case tcpSocket(port: Int)
  }

  struct Readiness: Sendable, Equatable {
    var probe: Probe
    var initialDelay: Duration
    var period: Duration
  }

  var name: String
  var image: String
  var command: [String]
  var args: [String]
  /// Where the process starts; `/` when the spec names none (an image's WORKDIR has no meaning here).
  var workingDir: String
  var ports: [Port]
  /// `env` in order: literal values and field references (`metadata.name`, `status.podIP`, …).
  var env: [(name: String, value: EnvValue)]
  var readiness: Readiness?
  /// `volumeMounts` as written; `PodVolumes.mounts(for:)` turns them into binds.
  var volumeMounts: [JSONValue]

  enum EnvValue: Sendable, Equatable {
    case literal(String)
    case field(String)
    /// `secretKeyRef`/`configMapKeyRef`/`resourceFieldRef`: not supplied in the dev cluster.
    case unsupported
  }

  static func == (lhs: ContainerSpec, rhs: ContainerSpec) -> Bool {
    lhs.name == rhs.name && lhs.image == rhs.image && lhs.command == rhs.command && lhs.args == rhs.args
      && lhs.workingDir == rhs.workingDir && lhs.ports == rhs.ports && lhs.readiness == rhs.readiness && lhs.volumeMounts == rhs.volumeMounts && lhs.env.map(\.name) == rhs.env.map(\.name)
      && lhs.env.map(\.value) == rhs.env.map(\.value)
  }

  init(json: JSONValue) {
    name = json["name"]?.stringValue ?? ""
    image = json["image"]?.stringValue ?? ""
    command = (json["command"]?.arrayValue ?? []).compactMap(\.stringValue)
    args = (json["args"]?.arrayValue ?? []).compactMap(\.stringValue)
    workingDir = json["workingDir"]?.stringValue ?? "/"
    ports = (json["ports"]?.arrayValue ?? []).compactMap { port in
      guard let number = port["containerPort"]?.intValue else { return nil }
      return Port(
        containerPort: Int(number), hostPort: port["hostPort"]?.intValue.map(Int.init), name: port["name"]?.stringValue)
    }
    env = (json["env"]?.arrayValue ?? []).compactMap { entry in
      guard let name = entry["name"]?.stringValue else { return nil }
      if let value = entry["value"]?.stringValue { return (name, .literal(value)) }
      if let path = entry.value(at: ["valueFrom", "fieldRef", "fieldPath"])?.stringValue { return (name, .field(path)) }
      return entry["valueFrom"] == nil ? (name, .literal("")) : (name, .unsupported)
    }
    volumeMounts = json["volumeMounts"]?.arrayValue ?? []
    readiness = json["readinessProbe"].flatMap { Self.readiness($0, ports: ports) }
  }

  private static func readiness(_ probe: JSONValue, ports: [Port]) -> Readiness? {
    func port(_ value: JSONValue?) -> Int? {
      if let number = value?.intValue { return Int(number) }
      if let name = value?.stringValue { return ports.first { $0.name == name }?.containerPort }
      return nil
    }
    let kind: Probe
    if let http = probe["httpGet"], let number = port(http["port"]) {
      kind = .httpGet(port: number, path: http["path"]?.stringValue ?? "/")
    } else if let tcp = probe["tcpSocket"], let number = port(tcp["port"]) {
      kind = .tcpSocket(port: number)
    } else {
      return nil
    }
    return Readiness(
      probe: kind, initialDelay: .seconds(probe["initialDelaySeconds"]?.intValue ?? 0),
      period: .seconds(max(1, probe["periodSeconds"]?.intValue ?? 10)))
  }
}
