/// RFC 7386 JSON merge patch (content type `application/merge-patch+json`).
///
/// The patch format clients use for custom resources, where the server knows no merge keys: objects
/// merge member by member, `null` removes a member, everything else (lists included) replaces.
public enum JSONMergePatch {
  /// Applies `patch` to `original` exactly as RFC 7386 section 2 defines it. Cannot fail: any JSON value
  /// is a valid merge patch.
  public static func apply(_ patch: JSONValue, to original: JSONValue) -> JSONValue {
    guard case .object(let patchMembers) = patch else { return patch }
    var result = original.objectValue ?? [:]
    for (key, value) in patchMembers {
      if value.isNull {
        result[key] = nil
      } else {
        result[key] = apply(value, to: result[key] ?? .null)
      }
    }
    return .object(result)
  }

  /// The merge patch that turns `original` into `modified` (used by the client to send minimal patches).
  ///
  /// Unchanged members are left out, removed members become `null`, changed objects recurse and anything
  /// else is sent whole. A merge patch cannot express a member whose value is `null` (RFC 7386 reads
  /// `null` as "remove"), so such members of `modified` come out removed when the patch is applied.
  public static func diff(from original: JSONValue, to modified: JSONValue) -> JSONValue {
    guard case .object(let originalMembers) = original, case .object(let modifiedMembers) = modified else {
      return modified
    }
    var patch: [String: JSONValue] = [:]
    for key in originalMembers.keys where modifiedMembers[key] == nil {
      patch[key] = .null
    }
    for (key, newValue) in modifiedMembers {
      guard let oldValue = originalMembers[key] else {
        patch[key] = newValue
        continue
      }
      if oldValue == newValue { continue }
      if case .object = oldValue, case .object = newValue {
        patch[key] = diff(from: oldValue, to: newValue)
      } else {
        patch[key] = newValue
      }
    }
    return .object(patch)
  }
}
