/// Maps container images to commands this machine can run: the dev cluster has no container
/// runtime, so each supported image stands for a local program. Pure: the table is tested
/// without running anything.
public struct ImageResolver: Sendable {
  /// The project's binaries, by the image name's last path element.
  public static let projectBinaries: Set<String> = ["controlplane", "ztunnel", "waypoint", "meshctl"]

  public var binDirectory: String
  /// Extra registry prefixes (`registry.local/mesh/`) whose images are project binaries.
  public var registryPrefixes: [String]

  public init(binDirectory: String, registryPrefixes: [String] = []) {
    self.binDirectory = binDirectory
    self.registryPrefixes = registryPrefixes
  }

  /// What a supported image runs.
  public enum Resolution: Sendable, Equatable {
    case run([String])
    case unsupported(message: String)
  }

  /// The argv for `image` with the container's `command` (entrypoint override), `args`, and
  /// first container port (httpbin listens there).
  public func resolve(image: String, command: [String], args: [String], firstPort: Int?) -> Resolution {
    let name = Self.repository(of: image)
    if let binary = projectBinary(name) {
      let local = "\(binDirectory)/\(binary)"
      guard let first = command.first else { return .run([local] + args) }
      // A manifest naming the binary by its in-image path runs the local build instead.
      let base = first.split(separator: "/").last.map(String.init) ?? first
      return .run((Self.projectBinaries.contains(base) ? [local] : [first]) + command.dropFirst() + args)
    }
    if name == "curlimages/curl" || name.hasSuffix("/curlimages/curl") {
      let argv = (command.isEmpty ? ["curl"] : command) + args
      return .run(argv)
    }
    if name == "kennethreitz/httpbin" || name.hasSuffix("/kennethreitz/httpbin") {
      return .run(["\(binDirectory)/meshctl", "dev", "httpbin", "--port", String(firstPort ?? 80)])
    }
    return .unsupported(
      message: "image \"\(image)\" cannot run in the dev cluster (it has no container runtime); supported images: "
        + "the project's own (*/ambient-mesh/{controlplane,ztunnel,waypoint,meshctl}), curlimages/curl "
        + "(runs the container's command on the host's tools) and docker.io/kennethreitz/httpbin (the built-in "
        + "httpbin)")
  }

  /// The project binary an image stands for, if any.
  func projectBinary(_ repository: String) -> String? {
    let parts = repository.split(separator: "/").map(String.init)
    guard let last = parts.last, Self.projectBinaries.contains(last) else { return nil }
    if parts.count >= 2, parts[parts.count - 2] == "ambient-mesh" { return last }
    for prefix in registryPrefixes where repository.hasPrefix(prefix) { return last }
    return nil
  }

  /// `docker.io/library/x:1.0@sha256:…` → `x`-style repository path without tag, digest or the
  /// default registry (`docker.io/`, `index.docker.io/`, `library/`).
  static func repository(of image: String) -> String {
    var name = Substring(image)
    if let at = name.firstIndex(of: "@") { name = name[..<at] }
    // A tag is a colon after the last slash (a colon before it is a registry port).
    if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") { name = name[..<colon] }
    for registry in ["docker.io/", "index.docker.io/"] where name.hasPrefix(registry) {
      name = name.dropFirst(registry.count)
    }
    if name.hasPrefix("library/") { name = name.dropFirst("library/".count) }
    return String(name)
  }
}
