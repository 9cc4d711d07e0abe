import Shared

/// What `meshctl install` and `manifest generate` may change in the shipped manifests.
public struct InstallOptions: Sendable, Hashable {
  /// `ambient`: everything, control plane highly available (2 replicas). `minimal`: one
  /// control plane replica, for dev clusters and laptops.
  public enum Profile: String, Sendable, CaseIterable {
    case ambient
    case minimal

    var controlPlaneReplicas: Int {
      switch self {
      case .ambient: 2
      case .minimal: 1
      }
    }
  }

  public var profile: Profile
  public var trustDomain: String
  /// Replaces `ghcr.io/ambient-mesh` in the images (controlplane, ztunnel and the waypoints).
  public var registry: String?
  /// Replaces the images' tag (the release version by default).
  public var tag: String?
  /// Control plane replicas; the profile decides when nil.
  public var replicas: Int?

  public static let defaultRegistry = "ghcr.io/ambient-mesh"

  public init(
    profile: Profile = .ambient, trustDomain: String = MeshDefaults.trustDomain, registry: String? = nil,
    tag: String? = nil, replicas: Int? = nil
  ) {
    self.profile = profile
    self.trustDomain = trustDomain
    self.registry = registry
    self.tag = tag
    self.replicas = replicas
  }

  /// The mistakes that would produce a mesh that cannot start, found before anything is applied.
  public func validate() throws(MeshCtlError) {
    if let replicas, !(1...20).contains(replicas) {
      throw MeshCtlError("--replicas \(replicas): use 1 to 20 control plane replicas")
    }
    guard (try? SpiffeIdentity(trustDomain: trustDomain, namespace: "ns", serviceAccount: "sa")) != nil else {
      throw MeshCtlError(
        "--trust-domain \"\(trustDomain)\" is not a valid SPIFFE trust domain (lowercase letters, digits, '.', '-', '_')"
      )
    }
    if let registry, registry.isEmpty || registry.contains(" ") || registry.hasSuffix("/") {
      throw MeshCtlError(
        "--registry \"\(registry)\": give a registry path such as registry.example.com/mesh (no trailing /)")
    }
    if let tag, tag.isEmpty || tag.contains(where: { !($0.isLetter || $0.isNumber || "._-".contains($0)) }) {
      throw MeshCtlError("--tag \"\(tag)\" is not a valid image tag (letters, digits, '.', '_', '-')")
    }
  }

  /// `ghcr.io/ambient-mesh/NAME:VERSION` with the registry and tag chosen here.
  public func image(_ name: String) -> String {
    "\(registry ?? Self.defaultRegistry)/\(name):\(tag ?? MeshVersion.current)"
  }
}
