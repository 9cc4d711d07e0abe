/// Which address families a service offers.
public enum IPFamilies: String, Hashable, Sendable, CaseIterable {
  case automatic
  case ipv4Only
  case ipv6Only
  case dual
}
