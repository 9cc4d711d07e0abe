/// Element order of merged lists, as apimachinery decides it: patch items keep the order the patch (or its
/// `$setElementOrder` list) gives them, server-only items keep their live order, and the two are
/// interleaved by the live order where both sides know an element. So a new element the patch does not
/// place comes first, and `kubectl apply`'s `$setElementOrder` lists fix the order completely.
extension StrategicMergePatch {
  /// `$setElementOrder/<field>`: merge the field's patch list (if any), then order the result by the
  /// directive list, elements it does not name keeping their live order.
  static func applyElementOrders(
    _ patch: inout [String: JSONValue], to result: inout [String: JSONValue], path: [String], schema: PatchSchema
  ) throws(PatchError) {
    for directiveKey in patch.keys.sorted() where directiveKey.hasPrefix(setElementOrderPrefix) {
      let orderValue = patch.removeValue(forKey: directiveKey)!
      let field = String(directiveKey.dropFirst(setElementOrderPrefix.count))
      guard !field.isEmpty else { throw failure(path, "\"\(directiveKey)\" names no field") }
      guard case .array(let order) = orderValue else {
        throw failure(path, "\(directiveKey) must be a list, not \(orderValue.kindName)")
      }
      let fieldPath = path + [field]
      if patch[field]?.isNull == true { continue }  // the field is being deleted; nothing to order
      let originalList = try listValue(result[field], path: fieldPath, role: "the object's")
      let patchList = try listValue(patch[field], path: fieldPath, role: "the patch's")
      let mergeKey = schema.mergeKey(forListAt: fieldPath)
      try validate(patchList: patchList ?? [], against: order, mergeKey: mergeKey, path: fieldPath)

      let merged: [JSONValue]
      switch (originalList, patchList) {
      case (nil, nil): continue
      case (let original?, nil): merged = original
      case (nil, let added?): merged = try mergeList([], added, path: fieldPath, schema: schema)
      case (let original?, let changes?): merged = try mergeList(original, changes, path: fieldPath, schema: schema)
      }
      result[field] = .array(
        try ordered(merged, by: order, serverOrder: originalList ?? [], mergeKey: mergeKey, path: fieldPath))
      patch[field] = nil
    }
  }

  private static func listValue(
    _ value: JSONValue?, path: [String], role: String
  ) throws(PatchError)
    -> [JSONValue]?
  {
    switch value {
    case nil, .null?: return nil
    case .array(let elements)?: return elements
    case let other?: throw failure(path, "\(role) value is \(other.kindName), but a $setElementOrder list needs a list")
    }
  }

  /// Orders a merged list by a `$setElementOrder` list.
  private static func ordered(
    _ merged: [JSONValue], by order: [JSONValue], serverOrder: [JSONValue], mergeKey: String?, path: [String]
  ) throws(PatchError) -> [JSONValue] {
    switch try elementKind(of: merged, path: path) {
    case nil: return merged
    case .primitive?:
      let named = Set(order)
      return orderElements(
        patchItems: merged.filter { named.contains($0) }, serverOnly: merged.filter { !named.contains($0) },
        patchOrder: order, serverOrder: serverOrder, mergeKey: nil)
    case .object?:
      // Without a merge key (a replaced list of objects) there is nothing to match the order list against.
      guard let mergeKey else { return merged }
      var named = Set<JSONValue>()
      for entry in order {
        guard let keyValue = entry[mergeKey] else {
          throw failure(path, "$setElementOrder entry \(entry.abbreviatedJSON()) has no merge key \"\(mergeKey)\"")
        }
        named.insert(keyValue)
      }
      var patchItems: [JSONValue] = []
      var serverOnly: [JSONValue] = []
      for element in merged {
        guard let keyValue = element[mergeKey] else {
          throw failure(path, "element \(element.abbreviatedJSON()) has no merge key \"\(mergeKey)\"")
        }
        if named.contains(keyValue) { patchItems.append(element) } else { serverOnly.append(element) }
      }
      return orderElements(
        patchItems: patchItems, serverOnly: serverOnly, patchOrder: order, serverOrder: serverOrder, mergeKey: mergeKey)
    }
  }

  /// The patch list must be a subsequence of the `$setElementOrder` list (deletions and other directive
  /// elements aside); otherwise client and server disagree on what the order means.
  private static func validate(
    patchList: [JSONValue], against order: [JSONValue], mergeKey: String?, path: [String]
  ) throws(PatchError) {
    guard !order.isEmpty, !patchList.isEmpty else { return }
    let plain = patchList.filter { $0[directiveMarker] == nil }
    var patchIndex = 0
    var orderIndex = 0
    while patchIndex < plain.count && orderIndex < order.count {
      let matches: Bool
      if let mergeKey {
        guard let patchKey = plain[patchIndex][mergeKey] else {
          throw failure(path, "element \(plain[patchIndex].abbreviatedJSON()) has no merge key \"\(mergeKey)\"")
        }
        guard let orderKey = order[orderIndex][mergeKey] else {
          throw failure(
            path, "$setElementOrder entry \(order[orderIndex].abbreviatedJSON()) has no merge key \"\(mergeKey)\"")
        }
        matches = patchKey == orderKey
      } else {
        matches = plain[patchIndex] == order[orderIndex]
      }
      if matches { patchIndex += 1 }
      orderIndex += 1
    }
    if patchIndex < plain.count {
      throw failure(
        path,
        "the patch list's order does not match its $setElementOrder list (element \(plain[patchIndex].abbreviatedJSON()) is missing or out of order)"
      )
    }
  }

  /// apimachinery's `normalizeElementOrder`: sort patch items by `patchOrder` and server-only items by
  /// `serverOrder`, then interleave them, taking a server-only item first only when the live list puts
  /// it before the next patch item.
  static func orderElements(
    patchItems: [JSONValue], serverOnly: [JSONValue], patchOrder: [JSONValue], serverOrder: [JSONValue],
    mergeKey: String?
  ) -> [JSONValue] {
    func identity(_ element: JSONValue) -> JSONValue? {
      guard let mergeKey else { return element }
      return element[mergeKey]
    }
    func positions(_ list: [JSONValue]) -> [JSONValue: Int] {
      var result: [JSONValue: Int] = [:]
      for (index, element) in list.enumerated() {
        if let id = identity(element), result[id] == nil { result[id] = index }
      }
      return result
    }
    func sorted(_ items: [JSONValue], by order: [JSONValue: Int]) -> [JSONValue] {
      let ranked = items.enumerated().map { (offset, item) in
        (rank: identity(item).flatMap { order[$0] } ?? Int.max, offset: offset, item: item)
      }
      return ranked.sorted { ($0.rank, $0.offset) < ($1.rank, $1.offset) }.map(\.item)
    }
    let livePositions = positions(serverOrder)
    let right = sorted(patchItems, by: positions(patchOrder))
    let left = sorted(serverOnly, by: livePositions)
    var result: [JSONValue] = []
    result.reserveCapacity(left.count + right.count)
    var leftIndex = 0
    var rightIndex = 0
    while leftIndex < left.count || rightIndex < right.count {
      if leftIndex >= left.count {
        result.append(right[rightIndex])
        rightIndex += 1
      } else if rightIndex >= right.count {
        result.append(left[leftIndex])
        leftIndex += 1
      } else if let leftPosition = identity(left[leftIndex]).flatMap({ livePositions[$0] }),
        let rightPosition = identity(right[rightIndex]).flatMap({ livePositions[$0] }), leftPosition < rightPosition
      {
        result.append(left[leftIndex])
        leftIndex += 1
      } else {
        result.append(right[rightIndex])
        rightIndex += 1
      }
    }
    return result
  }
}
