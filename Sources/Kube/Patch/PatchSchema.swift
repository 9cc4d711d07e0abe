/// Which lists merge by key (and by which key) for one kind; everything else replaces like JSON merge patch.
///
/// Kubernetes reads this from the `patchStrategy`/`patchMergeKey` struct tags of the Go types; here it is
/// data, keyed by the path of object keys from the object root. Array elements are transparent in paths:
/// the ports of every container are `["spec", "containers", "ports"]`.
public struct PatchSchema: Sendable, Hashable {
  /// How a list field merges under a strategic merge patch.
  public enum ListStrategy: Sendable, Hashable {
    /// The patch list replaces the original (no `patchStrategy` tag, e.g. `tolerations`).
    case replace
    /// A list of objects merged element-wise by this key (`patchStrategy:"merge" patchMergeKey:...`).
    case mergeByKey(String)
    /// A list of primitives merged as an ordered set (`patchStrategy:"merge"` without a key, e.g.
    /// `metadata.finalizers`).
    case mergeSet
  }

  /// Strategies by list path; absent paths replace.
  public var lists: [[String]: ListStrategy]

  public init(lists: [[String]: ListStrategy] = [:]) { self.lists = lists }

  /// The strategy for the list at this path of object keys.
  public func strategy(forListAt path: [String]) -> ListStrategy {
    lists[path] ?? .replace
  }

  /// Merge key for the list at this path of object keys (array elements are transparent), e.g.
  /// `["spec","template","spec","containers"]` -> `"name"`.
  public func mergeKey(forListAt path: [String]) -> String? {
    if case .mergeByKey(let key) = strategy(forListAt: path) { return key }
    return nil
  }

  /// The schema for a built-in kind, or nil (CRDs: the server then treats strategic patches as an error
  /// 415 like Kubernetes does, and clients use merge patches). Matched on API group and kind; the version
  /// does not change patch metadata for the kinds served.
  public static func forKind(apiVersion: String, kind: String) -> PatchSchema? {
    let parts = apiVersion.split(separator: "/", maxSplits: 1)
    let group = parts.count == 2 ? String(parts[0]) : ""
    return builtin[BuiltinKey(group: group, kind: kind)]
  }

  struct BuiltinKey: Hashable {
    var group: String
    var kind: String
  }
}
