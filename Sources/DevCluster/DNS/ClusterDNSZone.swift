import Kube
import Shared

/// The names cluster DNS answers: `<service>.<namespace>.svc.<domain>` → the Service's cluster
/// IPs (A for IPv4, AAAA for IPv6), and ExternalName Services as CNAMEs. Short forms
/// (`<service>.<namespace>`) are the client's job through `search` domains in resolv.conf.
public struct ClusterDNSZone: Sendable, Hashable {
  public struct Entry: Sendable, Hashable {
    public var addresses: [IPAddress]
    /// An ExternalName Service's target.
    public var canonicalName: String?

    public init(addresses: [IPAddress] = [], canonicalName: String? = nil) {
      self.addresses = addresses
      self.canonicalName = canonicalName
    }
  }

  /// The cluster domain, lower case, no trailing dot.
  public var domain: String
  /// Fully qualified lower-case names (no trailing dot) → what they resolve to.
  public var entries: [String: Entry]

  public init(domain: String = "cluster.local", entries: [String: Entry] = [:]) {
    self.domain = domain.lowercased()
    self.entries = entries
  }

  /// The zone for `services`: headless ones (clusterIP `None`) have a name but no address,
  /// as pod records are not served.
  public init(domain: String = "cluster.local", services: [KubeService]) {
    self.init(domain: domain)
    for service in services {
      let name = "\(service.name).\(service.namespace).svc.\(self.domain)".lowercased()
      if service.type == "ExternalName", let target = service.externalName {
        entries[name] = Entry(canonicalName: target)
        continue
      }
      let addresses = service.clusterIPs.compactMap { try? IPAddress($0) }
      entries[name] = Entry(addresses: addresses)
    }
  }

  /// Whether `name` (lower case) is inside the zone, so the server answers it authoritatively.
  public func contains(_ name: String) -> Bool { name == domain || name.hasSuffix("." + domain) }

  /// Whether `name` has entries below it (an empty non-terminal like `<ns>.svc.cluster.local`),
  /// which exists (NOERROR without data) rather than NXDOMAIN (RFC 8020).
  public func hasDescendants(_ name: String) -> Bool {
    let suffix = "." + name
    return entries.keys.contains { $0.hasSuffix(suffix) } || name == domain || name == "svc." + domain
  }
}
