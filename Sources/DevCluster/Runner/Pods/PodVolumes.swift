import Kube

/// A pod's volumes as the dev cluster provides them: a directory per volume under the pod's
/// directory (filled from ConfigMaps, Secrets and service-account tokens), or a host path, bound
/// into each container at its `volumeMounts`. Pure: parsing and the mount table.
struct PodVolumes: Sendable, Equatable {
  /// One file of a projected/configMap/secret volume, or a token to request.
  enum Source: Sendable, Equatable {
    case emptyDir
    case hostPath(String)
    /// Files taken from objects and tokens, written into the volume's directory.
    case files([FileSource])
  }

  enum FileSource: Sendable, Equatable {
    /// `items` nil: every key as a file of its name.
    case configMap(name: String, items: [(key: String, path: String)]?, optional: Bool)
    case secret(name: String, items: [(key: String, path: String)]?, optional: Bool)
    case serviceAccountToken(audience: String?, expirationSeconds: Int, path: String)

    static func == (lhs: FileSource, rhs: FileSource) -> Bool {
      switch (lhs, rhs) {
      case (.configMap(let a, let x, let o), .configMap(let b, let y, let p)),
        (.secret(let a, let x, let o), .secret(let b, let y, let p)):
        return a == b && o == p && x?.map(\.key) == y?.map(\.key) && x?.map(\.path) == y?.map(\.path)
      case (.serviceAccountToken(let a, let x, let o), .serviceAccountToken(let b, let y, let p)):
        return a == b && x == y && o == p
      default: return false
      }
    }
  }

  struct Mount: Sendable, Equatable {
    var source: String
    var target: String
  }

  var volumes: [String: Source]

  init(spec: JSONValue) {
    var volumes: [String: Source] = [:]
    for volume in spec["volumes"]?.arrayValue ?? [] {
      guard let name = volume["name"]?.stringValue else { continue }
      if let path = volume.value(at: ["hostPath", "path"])?.stringValue {
        volumes[name] = .hostPath(path)
      } else if let configMap = volume["configMap"] {
        volumes[name] = .files([Self.configMap(configMap)])
      } else if let secret = volume["secret"] {
        volumes[name] = .files([Self.secret(secret, nameKey: "secretName")])
      } else if let projected = volume["projected"] {
        volumes[name] = .files(
          (projected["sources"]?.arrayValue ?? []).compactMap { source in
            if let token = source["serviceAccountToken"] {
              return .serviceAccountToken(
                audience: token["audience"]?.stringValue,
                expirationSeconds: Int(token["expirationSeconds"]?.intValue ?? 3607),
                path: token["path"]?.stringValue ?? "token")
            }
            if let configMap = source["configMap"] { return Self.configMap(configMap) }
            if let secret = source["secret"] { return Self.secret(secret, nameKey: "name") }
            return nil
          })
      } else {
        volumes[name] = .emptyDir
      }
    }
    self.volumes = volumes
  }

  private static func items(_ json: JSONValue) -> [(key: String, path: String)]? {
    json["items"]?.arrayValue?.compactMap { item in
      guard let key = item["key"]?.stringValue else { return nil }
      return (key, item["path"]?.stringValue ?? key)
    }
  }

  private static func configMap(_ json: JSONValue) -> FileSource {
    .configMap(
      name: json["name"]?.stringValue ?? "", items: items(json), optional: json["optional"]?.boolValue ?? false)
  }

  private static func secret(_ json: JSONValue, nameKey: String) -> FileSource {
    .secret(name: json[nameKey]?.stringValue ?? "", items: items(json), optional: json["optional"]?.boolValue ?? false)
  }

  /// The directory holding volume `name`'s files.
  static func directory(_ name: String, podDirectory: String) -> String { "\(podDirectory)/volumes/\(name)" }

  /// The binds for one container, in `volumeMounts` order; throws the name of a mount whose
  /// volume the pod does not declare. A host path mounted at its own path needs no bind.
  func mounts(for container: ContainerSpec, podDirectory: String) throws(PodRejection) -> [Mount] {
    var mounts: [Mount] = []
    for mount in container.volumeMounts {
      guard let name = mount["name"]?.stringValue, let target = mount["mountPath"]?.stringValue else { continue }
      guard let volume = volumes[name] else {
        throw PodRejection(
          reason: "FailedMount",
          message: "volumeMount \"\(name)\" of container \(container.name) names no volume "
            + "of the pod")
      }
      var source: String
      switch volume {
      case .hostPath(let path): source = path
      case .emptyDir, .files: source = Self.directory(name, podDirectory: podDirectory)
      }
      if let sub = mount["subPath"]?.stringValue, !sub.isEmpty { source += "/" + sub }
      if source != target { mounts.append(Mount(source: source, target: target)) }
    }
    return mounts
  }
}
