/// List merging: element-wise by merge key, ordered sets of primitives, or replacement.
extension StrategicMergePatch {
  enum ElementKind {
    case primitive
    case object
  }

  /// The common element kind of `elements`, nil when there are none. Lists of lists and lists mixing
  /// objects with primitives cannot be merged.
  static func elementKind(of elements: [JSONValue], path: [String]) throws(PatchError) -> ElementKind? {
    var kind: ElementKind?
    for element in elements {
      let elementKind: ElementKind
      switch element {
      case .array: throw failure(path, "lists of lists cannot be merged")
      case .object: elementKind = .object
      default: elementKind = .primitive
      }
      if let kind, kind != elementKind {
        throw failure(path, "list elements mix objects and primitive values, so the lists cannot be merged")
      }
      kind = elementKind
    }
    return kind
  }

  /// Merges the patch list into the original list at `path` according to the schema's strategy.
  static func mergeList(
    _ original: [JSONValue], _ patch: [JSONValue], path: [String], schema: PatchSchema
  ) throws(PatchError) -> [JSONValue] {
    let strategy = schema.strategy(forListAt: path)
    if strategy == .replace { return try replacementList(patch, path: path, schema: schema) }
    guard let kind = try elementKind(of: original + patch, path: path) else { return original }
    if kind == .primitive {
      var seen = Set<JSONValue>()
      var merged: [JSONValue] = []
      for element in original + patch where seen.insert(element).inserted { merged.append(element) }
      let inPatch = Set(patch)
      return orderElements(
        patchItems: merged.filter { inPatch.contains($0) }, serverOnly: merged.filter { !inPatch.contains($0) },
        patchOrder: patch, serverOrder: original, mergeKey: nil)
    }
    guard case .mergeByKey(let mergeKey) = strategy else {
      throw failure(path, "a list of objects cannot merge without a merge key")
    }
    let (base, additions) = try applySpecialElements(original, patch, mergeKey: mergeKey, path: path, schema: schema)
    var merged = base
    for addition in additions {
      guard let keyValue = addition[mergeKey] else {
        throw failure(path, "element \(JSONValue.object(addition).abbreviatedJSON()) has no merge key \"\(mergeKey)\"")
      }
      if let index = merged.firstIndex(where: { $0[mergeKey] == keyValue }), case .object(let existing) = merged[index]
      {
        merged[index] = .object(try mergeObject(existing, addition, path: path, schema: schema))
      } else {
        merged.append(.object(try mergeObject([:], addition, path: path, schema: schema)))
      }
    }
    let patchKeys = Set(additions.compactMap { $0[mergeKey] })
    var patchItems: [JSONValue] = []
    var serverOnly: [JSONValue] = []
    for element in merged {
      guard let keyValue = element[mergeKey] else {
        throw failure(path, "element \(element.abbreviatedJSON()) has no merge key \"\(mergeKey)\"")
      }
      if patchKeys.contains(keyValue) { patchItems.append(element) } else { serverOnly.append(element) }
    }
    return orderElements(
      patchItems: patchItems, serverOnly: serverOnly, patchOrder: additions.map { .object($0) }, serverOrder: base,
      mergeKey: mergeKey)
  }

  /// Handles the directive elements of a keyed patch list: `{"$patch":"delete", key: v}` removes matching
  /// original elements, `{"$patch":"replace"}` makes the rest of the patch list the whole list,
  /// `{"$patch":"merge"}` states the default. Returns the list to merge into and the plain patch elements.
  private static func applySpecialElements(
    _ original: [JSONValue], _ patch: [JSONValue], mergeKey: String, path: [String], schema: PatchSchema
  ) throws(PatchError) -> (base: [JSONValue], additions: [[String: JSONValue]]) {
    var base = original
    var additions: [[String: JSONValue]] = []
    var replace = false
    for element in patch {
      guard case .object(let members) = element else { continue }  // elementKind() ruled primitives out
      guard let directive = members[directiveMarker] else {
        additions.append(members)
        continue
      }
      switch directive {
      case .string("delete"):
        guard let keyValue = members[mergeKey] else {
          throw failure(
            path, "\(directiveMarker): delete element \(element.abbreviatedJSON()) has no merge key \"\(mergeKey)\"")
        }
        base.removeAll { $0[mergeKey] == keyValue }
      case .string("replace"): replace = true
      case .string("merge"): continue
      default:
        throw failure(
          path,
          "unknown \(directiveMarker) directive \(directive.abbreviatedJSON()) (expected replace, delete or merge)")
      }
    }
    guard replace else { return (base, additions) }
    var replacement: [JSONValue] = []
    for addition in additions {
      replacement.append(.object(try mergeObject([:], addition, path: path, schema: schema)))
    }
    return (replacement, [])
  }

  /// A list without merge strategy: the patch list wins, with its directive elements dropped and its
  /// objects cleaned.
  private static func replacementList(
    _ patch: [JSONValue], path: [String], schema: PatchSchema
  ) throws(PatchError)
    -> [JSONValue]
  {
    var result: [JSONValue] = []
    result.reserveCapacity(patch.count)
    for element in patch {
      guard case .object(let members) = element else {
        result.append(element)
        continue
      }
      if members[directiveMarker] != nil && members.count == 1 { continue }
      if members[directiveMarker] == .string("delete") { continue }
      var plain = members
      plain[directiveMarker] = nil
      result.append(.object(try mergeObject([:], plain, path: path, schema: schema)))
    }
    return result
  }
}
