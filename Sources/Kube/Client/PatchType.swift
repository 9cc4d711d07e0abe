/// The PATCH flavours the API server accepts, by content type.
public enum PatchType: String, Sendable, Hashable {
  /// RFC 7386: maps merge, `null` deletes, lists are replaced. Works for every kind, CRDs included.
  case merge = "application/merge-patch+json"
  /// RFC 6902 operations.
  case json = "application/json-patch+json"
  /// Kubernetes strategic merge: lists of built-in kinds merge by key. Not for CRDs.
  case strategic = "application/strategic-merge-patch+json"
  /// Server-side apply: the server merges the applied intent and tracks field ownership per manager.
  case apply = "application/apply-patch+yaml"
}
