import Synchronization

/// Istio's TCP metrics (wire-facts §8) for this agent, rendered in the Prometheus text format.
///
/// Counters live in per-label-set `Handle`s created on first use and kept for the life of the
/// process (Prometheus counters must never go backwards, so a handle is never reset or dropped).
public final class TCPMetrics: Sendable {
  struct Family: Sendable {
    let name: String
    let help: String
    let value: @Sendable (Handle) -> UInt64
  }

  static let families: [Family] = [
    Family(name: "istio_tcp_connections_opened_total", help: "The total number of TCP connections opened") {
      $0.values.opened
    },
    Family(name: "istio_tcp_connections_closed_total", help: "The total number of TCP connections closed") {
      $0.values.closed
    },
    Family(
      name: "istio_tcp_received_bytes_total",
      help: "The size of total bytes received during request in case of a TCP connection"
    ) {
      $0.values.received
    },
    Family(
      name: "istio_tcp_sent_bytes_total",
      help: "The size of total bytes sent during response in case of a TCP connection"
    ) {
      $0.values.sent
    },
    Family(name: "istio_tcp_connections_failed_total", help: "The total number of TCP connections that failed") {
      $0.values.failed
    },
  ]

  private let handles = Mutex<[MetricLabels: Handle]>([:])

  public init() {}

  /// The handle for `labels`, created on first use. Call once per connection.
  public func handle(_ labels: MetricLabels) -> Handle {
    handles.withLock { table in
      if let existing = table[labels] { return existing }
      let created = Handle(labels: labels)
      table[labels] = created
      return created
    }
  }

  /// Prometheus text exposition format 0.0.4: each family with HELP and TYPE, series sorted by
  /// label values so that successive scrapes diff cleanly.
  public func render() -> String {
    let all = handles.withLock { Array($0.values) }
    let rendered = all.map { (labels: Self.labelText($0.labels), handle: $0) }.sorted { $0.labels < $1.labels }
    var out = ""
    for family in Self.families {
      out += "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) counter\n"
      for series in rendered { out += "\(family.name){\(series.labels)} \(family.value(series.handle))\n" }
    }
    return out
  }

  static func labelText(_ labels: MetricLabels) -> String {
    zip(MetricLabels.names, labels.values).map { "\($0)=\"\(escape($1))\"" }.joined(separator: ",")
  }

  /// Label values escape backslash, double quote and newline (exposition format 0.0.4).
  static func escape(_ value: String) -> String {
    var out = ""
    out.reserveCapacity(value.utf8.count)
    for ch in value {
      switch ch {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      default: out.append(ch)
      }
    }
    return out
  }
}
