import Kube

/// A column of `kubectl get` output, as a CRD's `additionalPrinterColumns` or a built-in printer
/// declares it. `jsonPath` is empty for built-in columns, whose cells are computed in code.
struct PrinterColumn: Sendable, Hashable {
  var name: String
  /// OpenAPI type of the cells: `string`, `integer`, `number`, `boolean` or `date`.
  var type: String
  var format: String
  var description: String
  /// 0 is always shown; higher priorities only with `-o wide`.
  var priority: Int
  var jsonPath: String

  init(
    name: String, type: String = "string", format: String = "", description: String = "", priority: Int = 0,
    jsonPath: String = ""
  ) {
    self.name = name
    self.type = type
    self.format = format
    self.description = description
    self.priority = priority
    self.jsonPath = jsonPath
  }

  /// The `columnDefinitions` entry of a `meta.k8s.io/v1 Table`.
  var definition: JSONValue {
    [
      "name": .string(name), "type": .string(type), "format": .string(format),
      "description": .string(description), "priority": .int(Int64(priority)),
    ]
  }

  static let name = PrinterColumn(
    name: "Name", format: "name",
    description:
      "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically."
  )

  static let age = PrinterColumn(
    name: "Age", type: "date",
    description:
      "CreationTimestamp is a timestamp representing the server time when this object was created.",
    jsonPath: ".metadata.creationTimestamp")
}
