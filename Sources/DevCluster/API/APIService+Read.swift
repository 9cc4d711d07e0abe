import Foundation
import Kube
import NIOCore

extension APIService {
  func get(
    _ resource: ServedResource, path: APIPath.ResourcePath, name: String, request: APIRequest, snapshot: ClusterSnapshot
  ) throws(KubeAPIError) -> APIResponse {
    guard let stored = snapshot.get(resource, namespace: path.namespace ?? "", name: name) else {
      throw KubeAPIError.notFound(resource, name: name)
    }
    switch ResponseFormat(request) {
    case .json:
      return .body(status: 200, contentType: "application/json", bytes: ObjectPresentation.bytes(stored, as: resource))
    case .table(let apiVersion, let include):
      let table = TablePrinter.table(
        [ObjectPresentation.object(stored.object, as: resource)], resource: resource, includeObject: include,
        resourceVersion: nil, apiVersion: apiVersion, now: Date())
      return .body(status: 200, contentType: Self.tableContentType(apiVersion), bytes: table.serialized())
    }
  }

  static func tableContentType(_ apiVersion: String) -> String {
    "application/json;as=Table;v=\(apiVersion.hasSuffix("v1beta1") ? "v1beta1" : "v1");g=meta.k8s.io"
  }

  /// LIST. `limit` is ignored (everything comes in one page, without `continue`): the store
  /// could only page by key at the current version, and pages from different versions would
  /// let a following watch miss changes.
  func list(
    _ resource: ServedResource, path: APIPath.ResourcePath, request: APIRequest, snapshot: ClusterSnapshot
  )
    throws(KubeAPIError) -> APIResponse
  {
    let filter = try watchFilter(resource, namespace: path.namespace, request: request)
    var items = snapshot.list(resource, namespace: path.namespace)
    if filter.isFiltered {
      items = items.filter { filter.matches($0.object) }
    }
    switch ResponseFormat(request) {
    case .json:
      return .body(
        status: 200, contentType: "application/json",
        bytes: ObjectPresentation.list(items, resource: resource, resourceVersion: snapshot.resourceVersion))
    case .table(let apiVersion, let include):
      let table = TablePrinter.table(
        items.map { ObjectPresentation.object($0.object, as: resource) }, resource: resource, includeObject: include,
        resourceVersion: String(snapshot.resourceVersion), apiVersion: apiVersion, now: Date())
      return .body(status: 200, contentType: Self.tableContentType(apiVersion), bytes: table.serialized())
    }
  }

  /// The selectors of a list or watch; a bad selector is a 400 with the parser's message.
  func watchFilter(
    _ resource: ServedResource, namespace: String?, request: APIRequest, name: String? = nil
  )
    throws(KubeAPIError) -> WatchFilter
  {
    var filter = WatchFilter(storageKey: resource.storageKey, namespace: resource.type.namespaced ? namespace : nil)
    if let text = request.query["labelSelector"], !text.isEmpty {
      do { filter.labelSelector = try LabelSelector(parsing: text) } catch {
        throw KubeAPIError.badRequest("unable to parse requirement: \(error.message)")
      }
    }
    var fieldText = request.query["fieldSelector"] ?? ""
    if let name { fieldText = fieldText.isEmpty ? "metadata.name=\(name)" : "\(fieldText),metadata.name=\(name)" }
    if !fieldText.isEmpty {
      do { filter.fieldTerms = try FieldSelectorSupport.terms(fieldText, kind: resource.type.kind) } catch {
        throw KubeAPIError.badRequest(error.message)
      }
    }
    return filter
  }

  /// WATCH: see `WatchPlan`.
  func watch(
    _ resource: ServedResource, path: APIPath.ResourcePath, request: APIRequest, name: String? = nil
  )
    throws(KubeAPIError) -> APIResponse
  {
    let filter = try watchFilter(resource, namespace: path.namespace, request: request, name: name)
    let version = request.query["resourceVersion"] ?? ""
    let start: ClusterState.WatchStart
    let sendInitialEvents = request.query["sendInitialEvents"].map { $0 == "true" }
    if sendInitialEvents == true {
      start = .currentState(initialEventsEndBookmark: true)
    } else if version.isEmpty || version == "0" {
      start = .currentState(initialEventsEndBookmark: false)
    } else if let number = UInt64(version) {
      start = .after(number)
    } else {
      throw KubeAPIError.badRequest("invalid resource version \"\(version)\": must be an unsigned integer")
    }
    var timeout: Duration?
    if let text = request.query["timeoutSeconds"] {
      guard let seconds = Int64(text), seconds >= 0 else {
        throw KubeAPIError.badRequest("invalid timeoutSeconds \"\(text)\": must be a non-negative integer")
      }
      if seconds > 0 { timeout = .seconds(seconds) }
    }
    let format = ResponseFormat(request)
    let render: (@Sendable (WatchMessage) -> ByteBuffer)?
    var contentType = "application/json"
    switch format {
    case .table(let apiVersion, let include):
      contentType = Self.tableContentType(apiVersion)
      render = { message in
        guard message.type != .bookmark, message.type != .error else { return message.line }
        let table = TablePrinter.table(
          [ObjectPresentation.object(message.object, as: resource)], resource: resource, includeObject: include,
          resourceVersion: nil, apiVersion: apiVersion, now: Date())
        return WatchMessage(type: message.type, object: (try? KubeObject(json: table)) ?? message.object).line
      }
    case .json where resource.isCustom:
      render = { message in
        guard message.type != .bookmark, message.type != .error, message.object.apiVersion != resource.type.apiVersion
        else { return message.line }
        return WatchMessage(type: message.type, object: ObjectPresentation.object(message.object, as: resource)).line
      }
    case .json:
      render = nil
    }
    return .watch(
      WatchPlan(
        filter: filter, type: resource.type, start: start, bookmarks: request.query.flag("allowWatchBookmarks"),
        timeout: timeout, contentType: contentType, render: render))
  }
}
