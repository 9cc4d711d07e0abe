/// What a matching policy does.
public enum PolicyAction: String, Hashable, Sendable, CaseIterable {
  case allow
  case deny
}
