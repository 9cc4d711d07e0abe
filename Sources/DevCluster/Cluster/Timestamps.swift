import Foundation

/// Kubernetes timestamps: RFC 3339 in UTC with whole seconds (`2025-01-02T03:04:05Z`).
enum Timestamps {
  static func format(_ date: Date) -> String {
    date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
  }

  static func parse(_ text: String) -> Date? {
    try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(text)
  }
}
