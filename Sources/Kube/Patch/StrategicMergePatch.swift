/// Kubernetes strategic merge patch (`application/strategic-merge-patch+json`), what `kubectl apply`,
/// `kubectl label`, `kubectl annotate` and `kubectl edit` send for built-in kinds.
///
/// Follows apimachinery's `strategicpatch` apply semantics: objects merge recursively and `null` deletes;
/// lists with a merge key merge element-wise, primitive lists tagged `merge` merge as ordered sets, all
/// other lists replace. The directives `$patch` (replace/delete/merge), `$retainKeys`,
/// `$setElementOrder/<field>` and `$deleteFromPrimitiveList/<field>` are honoured and never appear in the
/// result. Where Kubernetes would copy a new value into the object verbatim (directives and `null`s
/// included, later dropped by decoding into Go structs), this stores JSON as is, so new values are
/// cleaned of directives and `null` members instead.
public enum StrategicMergePatch {
  static let directiveMarker = "$patch"
  static let retainKeysDirective = "$retainKeys"
  static let setElementOrderPrefix = "$setElementOrder/"
  static let deleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/"

  /// Applies `patch` (a JSON object) to `original` (an object; `null` counts as empty) using the merge
  /// keys in `schema`. Fails with a `PatchError` naming the field path on a malformed directive, a list
  /// element without its merge key, or lists that cannot be merged.
  public static func apply(
    _ patch: JSONValue, to original: JSONValue, schema: PatchSchema
  ) throws(PatchError)
    -> JSONValue
  {
    guard case .object(let patchMembers) = patch else {
      throw PatchError("a strategic merge patch must be a JSON object, not \(patch.kindName)")
    }
    let originalMembers: [String: JSONValue]
    switch original {
    case .object(let members): originalMembers = members
    case .null: originalMembers = [:]
    default: throw PatchError("a strategic merge patch applies to a JSON object, not \(original.kindName)")
    }
    return .object(try mergeObject(originalMembers, patchMembers, path: [], schema: schema))
  }

  static func failure(_ path: [String], _ reason: String) -> PatchError {
    let location = path.isEmpty ? "the object root" : path.joined(separator: ".")
    return PatchError("strategic merge patch at \(location): \(reason)")
  }

  /// Merges the patch object into the original object at `path`.
  static func mergeObject(
    _ original: [String: JSONValue], _ patch: [String: JSONValue], path: [String], schema: PatchSchema
  ) throws(PatchError) -> [String: JSONValue] {
    var patch = patch
    if let directive = patch.removeValue(forKey: directiveMarker) {
      switch directive {
      case .string("replace"): return try mergeObject([:], patch, path: path, schema: schema)
      case .string("delete"): return [:]
      case .string("merge"): break
      default:
        throw failure(
          path,
          "unknown \(directiveMarker) directive \(directive.abbreviatedJSON()) (expected replace, delete or merge)")
      }
    }
    var result = original
    if let retainKeys = patch.removeValue(forKey: retainKeysDirective) {
      try applyRetainKeys(retainKeys, patch: patch, to: &result, path: path)
    }
    try applyElementOrders(&patch, to: &result, path: path, schema: schema)
    for key in patch.keys.sorted() {
      let value = patch[key]!
      if key.hasPrefix(deleteFromPrimitiveListPrefix) {
        try deleteFromPrimitiveList(key: key, values: value, in: &result, path: path)
        continue
      }
      let fieldPath = path + [key]
      if value.isNull {
        result[key] = nil
        continue
      }
      switch (result[key], value) {
      case (.object(let originalMember)?, .object(let patchMember)):
        result[key] = .object(try mergeObject(originalMember, patchMember, path: fieldPath, schema: schema))
      case (.array(let originalList)?, .array(let patchList)):
        result[key] = .array(try mergeList(originalList, patchList, path: fieldPath, schema: schema))
      default:
        // New fields and type changes take the patch value.
        result[key] = try cleaned(value, path: fieldPath, schema: schema)
      }
    }
    return result
  }

  /// A patch value as it lands where nothing was before: directives applied to nothing, `null` members
  /// dropped (so `{"$patch":"delete"}` elements vanish and no directive key reaches storage).
  static func cleaned(_ value: JSONValue, path: [String], schema: PatchSchema) throws(PatchError) -> JSONValue {
    switch value {
    case .object(let members):
      return .object(try mergeObject([:], members, path: path, schema: schema))
    case .array(let elements):
      guard elements.contains(where: { $0.objectValue != nil }) else { return value }
      return .array(try mergeList([], elements, path: path, schema: schema))
    default:
      return value
    }
  }

  /// `$retainKeys`: drop every original field not listed; the patch itself may only set listed fields.
  private static func applyRetainKeys(
    _ retainKeys: JSONValue, patch: [String: JSONValue], to result: inout [String: JSONValue], path: [String]
  ) throws(PatchError) {
    guard case .array(let names) = retainKeys else {
      throw failure(path, "\(retainKeysDirective) must be a list of field names, not \(retainKeys.kindName)")
    }
    var retained = Set<String>()
    for name in names {
      guard case .string(let text) = name else {
        throw failure(path, "\(retainKeysDirective) must list field names, found \(name.abbreviatedJSON())")
      }
      retained.insert(text)
    }
    for key in patch.keys.sorted() where !patch[key]!.isNull {
      if key.hasPrefix(setElementOrderPrefix) || key.hasPrefix(deleteFromPrimitiveListPrefix) { continue }
      guard retained.contains(key) else {
        throw failure(path, "field \"\(key)\" is set by the patch but missing from its \(retainKeysDirective) list")
      }
    }
    result = result.filter { retained.contains($0.key) }
  }

  /// `$deleteFromPrimitiveList/<field>`: remove these values from the primitive list `field`.
  private static func deleteFromPrimitiveList(
    key: String, values: JSONValue, in result: inout [String: JSONValue], path: [String]
  ) throws(PatchError) {
    let field = String(key.dropFirst(deleteFromPrimitiveListPrefix.count))
    guard !field.isEmpty else { throw failure(path, "\"\(key)\" names no field") }
    guard case .array(let doomed) = values else {
      throw failure(path, "\(key) must be a list of values, not \(values.kindName)")
    }
    for value in doomed {
      switch value {
      case .object, .array:
        throw failure(path + [field], "\(deleteFromPrimitiveListPrefix) applies to lists of primitive values only")
      default: continue
      }
    }
    guard case .array(let existing)? = result[field] else { return }
    let remove = Set(doomed)
    result[field] = .array(existing.filter { !remove.contains($0) })
  }
}
