/// Host-network pods share the node's IP and cannot be captured.
public enum NetworkMode: String, Hashable, Sendable, CaseIterable {
  case standard
  case hostNetwork
}
