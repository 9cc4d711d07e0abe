import NIOHTTP1

/// Reads and writes of single objects and collections.
extension KubeClient {
  public func get(
    _ type: ResourceType, namespace: String? = nil, name: String
  ) async throws(KubeAPIError)
    -> KubeObject
  {
    let bytes = try await send(.GET, path: type.objectPath(namespace: namespace, name: name))
    return try Self.decodeObject(bytes)
  }

  /// The typed form of `get`.
  public func get<T: KubeResource>(_: T.Type, namespace: String? = nil, name: String) async throws(KubeAPIError) -> T {
    T(try await get(T.resourceType, namespace: namespace, name: name))
  }

  public func list(
    _ type: ResourceType, namespace: String? = nil, labelSelector: String? = nil, fieldSelector: String? = nil,
    limit: Int? = nil, continueToken: String? = nil
  ) async throws(KubeAPIError) -> KubeList {
    var query: [(String, String)] = []
    if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
    if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
    if let limit { query.append(("limit", String(limit))) }
    if let continueToken { query.append(("continue", continueToken)) }
    let bytes = try await send(.GET, path: type.collectionPath(namespace: namespace), query: query)
    let value: JSONValue
    do { value = try JSONParser.parse(bytes) } catch {
      throw KubeAPIError(.internalError, "the API server sent an unreadable \(type.listKind): \(error.description)")
    }
    var items: [KubeObject] = []
    let elements = value["items"]?.arrayValue ?? []
    items.reserveCapacity(elements.count)
    for element in elements {
      guard var object = try? KubeObject(json: element) else { continue }
      // List items may omit apiVersion/kind; fill them so every cached object is self-describing.
      if object.kind.isEmpty {
        object.kind = type.kind
        object.apiVersion = type.apiVersion
      }
      items.append(object)
    }
    let continueToken = value.value(at: ["metadata", "continue"])?.stringValue
    return KubeList(
      items: items, resourceVersion: value.value(at: ["metadata", "resourceVersion"])?.stringValue ?? "",
      continueToken: continueToken?.isEmpty == false ? continueToken : nil)
  }

  /// Every page of a LIST, following `continue` tokens.
  public func listAll(
    _ type: ResourceType, namespace: String? = nil, labelSelector: String? = nil, fieldSelector: String? = nil,
    pageSize: Int = 500
  ) async throws(KubeAPIError) -> KubeList {
    var page = try await list(
      type, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector, limit: pageSize)
    var items = page.items
    while let token = page.continueToken {
      page = try await list(
        type, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector, limit: pageSize,
        continueToken: token)
      items.append(contentsOf: page.items)
    }
    return KubeList(items: items, resourceVersion: page.resourceVersion)
  }

  /// Creates `object`; its kind decides the path. Throws 409 AlreadyExists when the name is taken.
  public func create(_ object: KubeObject, as type: ResourceType) async throws(KubeAPIError) -> KubeObject {
    let namespace = object.namespace.isEmpty ? nil : object.namespace
    let bytes = try await send(.POST, path: type.collectionPath(namespace: namespace), body: object.serialized())
    return try Self.decodeObject(bytes)
  }

  public func create<T: KubeResource>(_ resource: T) async throws(KubeAPIError) -> T {
    T(try await create(resource.object, as: T.resourceType))
  }

  /// Replaces `object` (PUT). Its resourceVersion makes it conditional: 409 Conflict when someone else
  /// wrote first. With `status: true`, writes only the status subresource.
  public func update(
    _ object: KubeObject, as type: ResourceType, status: Bool = false
  ) async throws(KubeAPIError)
    -> KubeObject
  {
    var path = type.objectPath(namespace: object.namespace.isEmpty ? nil : object.namespace, name: object.name)
    if status { path += "/status" }
    let bytes = try await send(.PUT, path: path, body: object.serialized())
    return try Self.decodeObject(bytes)
  }

  public func update<T: KubeResource>(_ resource: T, status: Bool = false) async throws(KubeAPIError) -> T {
    T(try await update(resource.object, as: T.resourceType, status: status))
  }

  /// PATCH with the given flavour; `status: true` patches the status subresource.
  public func patch(
    _ type: ResourceType, namespace: String? = nil, name: String, patch: JSONValue, as patchType: PatchType = .merge,
    status: Bool = false, fieldManager: String? = nil, force: Bool = false
  ) async throws(KubeAPIError) -> KubeObject {
    var path = type.objectPath(namespace: namespace, name: name)
    if status { path += "/status" }
    var query: [(String, String)] = []
    if let fieldManager { query.append(("fieldManager", fieldManager)) }
    if force { query.append(("force", "true")) }
    let bytes = try await send(
      .PATCH, path: path, query: query, body: patch.serialized(), contentType: patchType.rawValue)
    return try Self.decodeObject(bytes)
  }

  /// Server-side apply: sends the fields this manager wants and lets the server merge them (JSON is
  /// valid YAML, so the body is the object's JSON). `force` takes over fields other managers own.
  public func apply(
    _ object: KubeObject, as type: ResourceType, fieldManager: String, force: Bool = true
  )
    async throws(KubeAPIError) -> KubeObject
  {
    try await patch(
      type, namespace: object.namespace.isEmpty ? nil : object.namespace, name: object.name, patch: object.json,
      as: .apply, fieldManager: fieldManager, force: force)
  }

  public func apply<T: KubeResource>(
    _ resource: T, fieldManager: String, force: Bool = true
  )
    async throws(KubeAPIError) -> T
  {
    T(try await apply(resource.object, as: T.resourceType, fieldManager: fieldManager, force: force))
  }

  /// Deletes one object; owned objects follow `propagation`. `uid` makes it conditional (a
  /// recreated object of the same name is not deleted by mistake).
  public func delete(
    _ type: ResourceType, namespace: String? = nil, name: String, propagation: DeletePropagation = .background,
    uid: String? = nil
  ) async throws(KubeAPIError) {
    var options: JSONValue = [
      "kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": .string(propagation.rawValue),
    ]
    if let uid { options["preconditions"] = ["uid": .string(uid)] }
    _ = try await send(.DELETE, path: type.objectPath(namespace: namespace, name: name), body: options.serialized())
  }
}
