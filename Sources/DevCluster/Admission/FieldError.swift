import Kube

/// One field-level validation failure, worded as Kubernetes' `field.Error` so that clients and
/// people see the same `metadata.name: Invalid value: "X": ...` text as from a real cluster.
struct FieldError: Sendable, Hashable {
  enum Kind: Sendable, Hashable {
    case invalid(String)
    case required
    case forbidden
    case notSupported(String)
  }

  var field: String
  var kind: Kind
  var detail: String

  static func invalid(_ field: String, _ value: String, _ detail: String) -> FieldError {
    FieldError(field: field, kind: .invalid(value), detail: detail)
  }

  static func required(_ field: String, _ detail: String = "") -> FieldError {
    FieldError(field: field, kind: .required, detail: detail)
  }

  static func forbidden(_ field: String, _ detail: String) -> FieldError {
    FieldError(field: field, kind: .forbidden, detail: detail)
  }

  /// `Invalid value: "x": detail`, without the field.
  var body: String {
    let head: String
    switch kind {
    case .invalid(let value): head = "Invalid value: \(Self.quoted(value))"
    case .required: head = "Required value"
    case .forbidden: head = "Forbidden"
    case .notSupported(let value): head = "Unsupported value: \(Self.quoted(value))"
    }
    return detail.isEmpty ? head : "\(head): \(detail)"
  }

  var message: String { "\(field): \(body)" }

  var cause: KubeAPIError.Cause {
    let reason: String
    switch kind {
    case .invalid: reason = "FieldValueInvalid"
    case .required: reason = "FieldValueRequired"
    case .forbidden: reason = "FieldValueForbidden"
    case .notSupported: reason = "FieldValueNotSupported"
    }
    return KubeAPIError.Cause(field: field, message: body, reason: reason)
  }

  private static func quoted(_ value: String) -> String {
    var escaped = ""
    for character in value {
      switch character {
      case "\"": escaped += "\\\""
      case "\\": escaped += "\\\\"
      default: escaped.append(character)
      }
    }
    return "\"\(escaped)\""
  }
}
