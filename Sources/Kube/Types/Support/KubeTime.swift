import Foundation

/// RFC 3339 timestamps as Kubernetes writes them: `metav1.Time` with whole seconds
/// (`2006-01-02T15:04:05Z`) and `metav1.MicroTime` with six fraction digits
/// (`2006-01-02T15:04:05.000000Z`, used by Leases and Events).
///
/// Hand-written civil-date arithmetic rather than a formatter object: it is pure (no shared
/// mutable state, so safe from any thread), exact to the microsecond, and independent of the
/// host's calendar and locale settings.
public enum KubeTime {
  /// Parses any RFC 3339 timestamp: `T` or `t`, an optional fraction of up to nine digits, `Z` or
  /// a `±hh:mm` offset. `nil` for anything else, including out-of-range fields (a month 13, a
  /// February 30), so a malformed time reads as absent instead of as a wrong instant.
  public static func parse(_ text: String) -> Date? {
    let bytes = Array(text.utf8)
    guard bytes.count >= 20 else { return nil }
    guard let year = digits(bytes, 0, 4), bytes[4] == UInt8(ascii: "-"),
      let month = digits(bytes, 5, 2), bytes[7] == UInt8(ascii: "-"),
      let day = digits(bytes, 8, 2), bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
      let hour = digits(bytes, 11, 2), bytes[13] == UInt8(ascii: ":"),
      let minute = digits(bytes, 14, 2), bytes[16] == UInt8(ascii: ":"),
      let second = digits(bytes, 17, 2)
    else { return nil }
    guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month), hour < 24,
      minute < 60, second < 60
    else { return nil }

    var index = 19
    var fraction = 0.0
    if bytes[index] == UInt8(ascii: ".") {
      index += 1
      var scale = 0.1
      let start = index
      while index < bytes.count, let digit = digitValue(bytes[index]) {
        fraction += Double(digit) * scale
        scale /= 10
        index += 1
      }
      guard index > start, index - start <= 9 else { return nil }
    }

    guard index < bytes.count else { return nil }
    var offsetSeconds = 0
    switch bytes[index] {
    case UInt8(ascii: "Z"), UInt8(ascii: "z"):
      index += 1
    case UInt8(ascii: "+"), UInt8(ascii: "-"):
      guard bytes.count == index + 6, let offsetHours = digits(bytes, index + 1, 2),
        bytes[index + 3] == UInt8(ascii: ":"), let offsetMinutes = digits(bytes, index + 4, 2),
        offsetHours < 24, offsetMinutes < 60
      else { return nil }
      offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
      index += 6
    default:
      return nil
    }
    guard index == bytes.count else { return nil }

    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
    return Date(timeIntervalSince1970: Double(seconds) + fraction)
  }

  /// `metav1.Time`: UTC, whole seconds (a fraction is truncated, as Go's RFC 3339 layout does).
  public static func format(_ date: Date) -> String {
    let (seconds, _) = split(date)
    return civil(seconds) + "Z"
  }

  /// `metav1.MicroTime`: UTC with exactly six fraction digits.
  public static func formatMicro(_ date: Date) -> String {
    let (seconds, micros) = split(date)
    let fraction = String(micros)
    return civil(seconds) + "." + String(repeating: "0", count: 6 - fraction.count) + fraction + "Z"
  }

  /// Whole seconds since the epoch and the microseconds past them. Rounds to the nearest
  /// microsecond first: a `Date` is a binary double, so `.123456` may be stored as `.1234559999`.
  private static func split(_ date: Date) -> (seconds: Int, micros: Int) {
    let totalMicros = Int((date.timeIntervalSince1970 * 1_000_000).rounded())
    let seconds = totalMicros >= 0 ? totalMicros / 1_000_000 : (totalMicros - 999_999) / 1_000_000
    return (seconds, totalMicros - seconds * 1_000_000)
  }

  /// `yyyy-MM-ddTHH:mm:ss` for seconds since the epoch, in UTC.
  private static func civil(_ epochSeconds: Int) -> String {
    let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
    let secondOfDay = epochSeconds - days * 86_400
    let (year, month, day) = civilFromDays(days)
    return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(secondOfDay / 3600, 2) + ":"
      + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
  }

  private static func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
  }

  private static func digitValue(_ byte: UInt8) -> Int? {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
  }

  private static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
    guard start + count <= bytes.count else { return nil }
    var value = 0
    for byte in bytes[start..<(start + count)] {
      guard let digit = digitValue(byte) else { return nil }
      value = value * 10 + digit
    }
    return value
  }

  private static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`).
  private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The inverse of `daysFromCivil` (`civil_from_days`).
  private static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
