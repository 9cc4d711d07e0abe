import Synchronization

/// The waypoint's L7 metrics: `istio_requests_total` and the
/// `istio_request_duration_milliseconds` histogram, per label set. One lock per request, taken
/// after the response is written (off the latency path of that request).
public final class RequestMetrics: Sendable {
  /// Istio's default duration buckets (ms).
  static let buckets: [Double] = [
    0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
    3600000,
  ]

  private struct Series {
    var count = 0
    var sum = 0.0
    var bucketCounts = [Int](repeating: 0, count: RequestMetrics.buckets.count)
  }

  private let series = Mutex<[RequestLabels: Series]>([:])

  public init() {}

  func record(_ labels: RequestLabels, milliseconds: Double) {
    series.withLock { table in
      var entry = table[labels] ?? Series()
      entry.count += 1
      entry.sum += milliseconds
      for (i, bound) in Self.buckets.enumerated() where milliseconds <= bound { entry.bucketCounts[i] += 1 }
      table[labels] = entry
    }
  }

  /// Requests counted so far with `responseCode` (any code when nil), for tests and readiness.
  public func requests(responseCode: Int? = nil) -> Int {
    series.withLock { table in
      table.filter { responseCode == nil || $0.key.responseCode == responseCode }.values.reduce(0) { $0 + $1.count }
    }
  }

  /// Prometheus text exposition format.
  public func render() -> String {
    let rows = series.withLock { $0.map { ($0.key.rendered, $0.value) } }.sorted { $0.0 < $1.0 }
    var out = "# TYPE istio_requests_total counter\n"
    for (labels, entry) in rows { out += "istio_requests_total{\(labels)} \(entry.count)\n" }
    out += "# TYPE istio_request_duration_milliseconds histogram\n"
    for (labels, entry) in rows {
      for (i, bound) in Self.buckets.enumerated() {
        out +=
          "istio_request_duration_milliseconds_bucket{\(labels),le=\"\(Self.format(bound))\"} \(entry.bucketCounts[i])\n"
      }
      out += "istio_request_duration_milliseconds_bucket{\(labels),le=\"+Inf\"} \(entry.count)\n"
      out += "istio_request_duration_milliseconds_sum{\(labels)} \(entry.sum)\n"
      out += "istio_request_duration_milliseconds_count{\(labels)} \(entry.count)\n"
    }
    return out
  }

  private static func format(_ bound: Double) -> String {
    bound == bound.rounded() ? String(Int(bound)) : String(bound)
  }
}
