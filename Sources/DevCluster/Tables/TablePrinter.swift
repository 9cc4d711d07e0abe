import Foundation
import Kube

/// Builds `meta.k8s.io/v1 Table` answers (server-side printing): what `kubectl get` asks for so
/// that it can print any kind, built-in or custom, with the server's columns.
enum TablePrinter {
  /// What each row carries besides its cells (`includeObject`).
  enum IncludeObject: String, Sendable {
    case none = "None"
    case metadata = "Metadata"
    case object = "Object"
  }

  static func columns(for resource: ServedResource) -> [PrinterColumn] {
    if resource.isCustom { return [.name] + resource.printerColumns }
    return BuiltinPrinters.columns(for: resource.storageKey) ?? [.name, .ageText]
  }

  static func cells(for object: KubeObject, resource: ServedResource, now: Date) -> [JSONValue] {
    if resource.isCustom {
      var cells: [JSONValue] = [.string(object.name)]
      for column in resource.printerColumns { cells.append(customCell(column, object: object, now: now)) }
      return cells
    }
    return BuiltinPrinters.cells(for: object, storageKey: resource.storageKey, now: now)
      ?? [.string(object.name), .string(HumanDuration.age(of: object.creationTimestamp, now: now))]
  }

  /// A CRD column cell as the apiextensions table convertor computes it: the first value the
  /// path finds, printed for `string` columns, typed for the others, null when absent.
  static func customCell(_ column: PrinterColumn, object: KubeObject, now: Date) -> JSONValue {
    guard let path = SimpleJSONPath(column.jsonPath), let value = path.evaluate(object.json).first else { return .null }
    switch column.type {
    case "string":
      return .string(SimpleJSONPath.text(of: value))
    case "date":
      guard case .string(let text) = value else { return .null }
      guard let date = Timestamps.parse(text) else { return "<invalid>" }
      return .string(HumanDuration.format(now.timeIntervalSince(date)))
    case "integer":
      return value.intValue.map(JSONValue.int) ?? .null
    case "number":
      if case .double = value { return value }
      return value.intValue.map(JSONValue.int) ?? .null
    case "boolean":
      return value.boolValue.map(JSONValue.bool) ?? .null
    default:
      return value
    }
  }

  /// A Table of `objects`. `apiVersion` is `meta.k8s.io/v1` or `meta.k8s.io/v1beta1`, as asked.
  static func table(
    _ objects: [KubeObject], resource: ServedResource, includeObject: IncludeObject, resourceVersion: String?,
    apiVersion: String, includeHeaders: Bool = true, now: Date
  ) -> JSONValue {
    var rows: [JSONValue] = []
    rows.reserveCapacity(objects.count)
    for object in objects {
      var row: JSONValue = ["cells": .array(cells(for: object, resource: resource, now: now))]
      switch includeObject {
      case .none: break
      case .object: row["object"] = object.json
      case .metadata:
        row["object"] = [
          "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": object.metadata,
        ]
      }
      rows.append(row)
    }
    var metadata: JSONValue = .object([:])
    if let resourceVersion { metadata["resourceVersion"] = .string(resourceVersion) }
    var table: JSONValue = [
      "kind": "Table", "apiVersion": .string(apiVersion), "metadata": metadata, "rows": .array(rows),
    ]
    table["columnDefinitions"] = includeHeaders ? .array(columns(for: resource).map(\.definition)) : .array([])
    return table
  }
}

extension PrinterColumn {
  /// Age already rendered by the server (built-in printers), unlike CRDs' `date` columns.
  static let ageText = PrinterColumn(name: "Age", description: PrinterColumn.age.description)
}
