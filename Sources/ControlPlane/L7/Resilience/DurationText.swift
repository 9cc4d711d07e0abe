/// Reads the durations users write in Gateway API (`10s`, `1h30m`, `500ms`: GEP-2257) and Istio
/// (`1.5s`, `300ms`, protobuf and Go forms), strictly: a typo must be reported, never read as 0
/// ("no timeout") or as some other length.
enum DurationText {
  struct Problem: Error, Sendable {
    var message: String
  }

  private static let units: [(suffix: String, nanoseconds: Double)] = [
    ("ms", 1e6), ("us", 1e3), ("µs", 1e3), ("ns", 1), ("h", 3600e9), ("m", 60e9), ("s", 1e9),
  ]

  static func parse(_ text: String) throws(Problem) -> Duration {
    guard !text.isEmpty else { throw Problem(message: "an empty string is not a duration") }
    var rest = Substring(text)
    var total = 0.0
    while !rest.isEmpty {
      let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
      guard !number.isEmpty, let value = Double(number) else {
        throw Problem(message: "\"\(text)\" is not a duration (expected e.g. \"10s\", \"1.5s\", \"250ms\", \"1h30m\")")
      }
      rest = rest.dropFirst(number.count)
      guard let unit = units.first(where: { rest.hasPrefix($0.suffix) }) else {
        throw Problem(message: "\"\(text)\" has a number without a unit (h, m, s, ms, us, ns)")
      }
      rest = rest.dropFirst(unit.suffix.count)
      total += value * unit.nanoseconds
    }
    guard total < 1e18 else { throw Problem(message: "\"\(text)\" is too long a duration") }
    return .nanoseconds(Int64(total.rounded()))
  }
}
