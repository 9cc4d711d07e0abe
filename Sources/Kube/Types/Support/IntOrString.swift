/// Kubernetes' `intstr.IntOrString`: a port number or a port name (`targetPort: 80` or
/// `targetPort: http`), kept as written so that a name is resolved against the pod's container
/// ports rather than mistaken for a number.
public enum IntOrString: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral,
  ExpressibleByStringLiteral
{
  case int(Int)
  case string(String)

  public init(integerLiteral value: Int) { self = .int(value) }
  public init(stringLiteral value: String) { self = .string(value) }

  /// `nil` for anything but an integer or a string. A quoted `"80"` stays a string, as in Go.
  public init?(json: JSONValue) {
    switch json {
    case .string(let text): self = .string(text)
    default:
      guard let number = json.intValue, let value = Int(exactly: number) else { return nil }
      self = .int(value)
    }
  }

  public var json: JSONValue {
    switch self {
    case .int(let value): .int(Int64(value))
    case .string(let value): .string(value)
    }
  }

  public var intValue: Int? {
    if case .int(let value) = self { return value }
    return nil
  }

  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  public var description: String {
    switch self {
    case .int(let value): String(value)
    case .string(let value): value
    }
  }
}
