/// What happens to the objects a deleted object owns (`metadata.ownerReferences`).
public enum DeletePropagation: String, Sendable, Hashable {
  case background = "Background"
  case foreground = "Foreground"
  case orphan = "Orphan"
}
