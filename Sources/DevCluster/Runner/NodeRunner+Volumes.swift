import Foundation
import Kube

/// Fills a pod's volume directories: ConfigMap and Secret keys as files, projected
/// service-account tokens for their audiences, empty directories, host paths created if missing.
extension NodeRunner {
  func materialize(_ volumes: PodVolumes, of runtime: PodRuntime, client: KubeClient) async throws(PodRejection) {
    let spec = runtime.spec
    for (name, source) in volumes.volumes.sorted(by: { $0.key < $1.key }) {
      let directory = PodVolumes.directory(name, podDirectory: runtime.directory)
      switch source {
      case .emptyDir:
        try Self.makeDirectory(directory)
      case .hostPath(let path):
        if !FileManager.default.fileExists(atPath: path) { try Self.makeDirectory(path) }
      case .files(let sources):
        try Self.makeDirectory(directory)
        for file in sources {
          for (path, bytes) in try await contents(of: file, pod: spec, volume: name, client: client) {
            try Self.write(bytes, to: "\(directory)/\(path)")
          }
        }
      }
    }
  }

  /// The files one projection contributes, by path within the volume.
  private func contents(
    of source: PodVolumes.FileSource, pod: PodSpecView, volume: String, client: KubeClient
  ) async throws(PodRejection) -> [(String, [UInt8])] {
    switch source {
    case .serviceAccountToken(let audience, let expirationSeconds, let path):
      do {
        let token = try await client.requestToken(
          namespace: pod.namespace, serviceAccount: pod.serviceAccount, audiences: audience.map { [$0] } ?? [],
          expirationSeconds: max(600, expirationSeconds), boundPod: (pod.name, pod.uid)
        ).token
        return [(path, Array(token.utf8))]
      } catch {
        throw PodRejection(
          reason: "FailedMount", message: "volume \(volume): cannot get a token for \(pod.serviceAccount): \(error.message)")
      }
    case .configMap(let name, let items, let optional):
      guard let object = try await fetch(.configMap, name, pod: pod, volume: volume, optional: optional, client: client)
      else { return [] }
      var data = (object.json["data"]?.stringMap ?? [:]).mapValues { Array($0.utf8) }
      for (key, value) in object.json["binaryData"]?.stringMap ?? [:] {
        data[key] = Data(base64Encoded: value).map(Array.init)
      }
      return Self.select(data, items: items)
    case .secret(let name, let items, let optional):
      guard let object = try await fetch(.secret, name, pod: pod, volume: volume, optional: optional, client: client)
      else { return [] }
      var data: [String: [UInt8]] = [:]
      for (key, value) in object.json["data"]?.stringMap ?? [:] { data[key] = Data(base64Encoded: value).map(Array.init) }
      for (key, value) in object.json["stringData"]?.stringMap ?? [:] { data[key] = Array(value.utf8) }
      return Self.select(data, items: items)
    }
  }

  private func fetch(
    _ type: ResourceType, _ name: String, pod: PodSpecView, volume: String, optional: Bool, client: KubeClient
  ) async throws(PodRejection) -> KubeObject? {
    do {
      return try await client.get(type, namespace: pod.namespace, name: name)
    } catch where error.isNotFound && optional {
      return nil
    } catch {
      throw PodRejection(
        reason: "FailedMount",
        message: "volume \(volume): \(type.kind) \(pod.namespace)/\(name) is not available (\(error.message)); "
          + "the pod starts once it exists")
    }
  }

  private static func select(
    _ data: [String: [UInt8]], items: [(key: String, path: String)]?
  ) -> [(String, [UInt8])] {
    guard let items else { return data.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    return items.compactMap { item in data[item.key].map { (item.path, $0) } }
  }

  private static func makeDirectory(_ path: String) throws(PodRejection) {
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw PodRejection(reason: "FailedMount", message: "cannot create \(path): \(error)")
    }
  }

  private static func write(_ bytes: [UInt8], to path: String) throws(PodRejection) {
    guard !path.split(separator: "/").contains("..") else {
      throw PodRejection(reason: "FailedMount", message: "volume file path \(path) leaves the volume")
    }
    do {
      try makeDirectory((path as NSString).deletingLastPathComponent)
      try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw PodRejection(reason: "FailedMount", message: "cannot write \(path): \(error)")
    }
  }
}
