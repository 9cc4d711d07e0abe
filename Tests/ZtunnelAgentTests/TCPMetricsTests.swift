import Shared
import Testing

@testable import ZtunnelAgent

@Suite struct TCPMetricsTests {
  /// Parses exposition lines back into (name, labels, value) so the test checks meaning, not layout.
  static func samples(_ text: String) -> [(name: String, labels: [String: String], value: UInt64)] {
    text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
      guard let open = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}") else { return nil }
      var labels: [String: String] = [:]
      var rest = line[line.index(after: open)..<close]
      while let eq = rest.firstIndex(of: "=") {
        let key = String(rest[..<eq])
        var value = ""
        var i = rest.index(eq, offsetBy: 2)
        while rest[i] != "\"" {
          if rest[i] == "\\" {
            i = rest.index(after: i)
            value.append(rest[i] == "n" ? "\n" : rest[i])
          } else {
            value.append(rest[i])
          }
          i = rest.index(after: i)
        }
        labels[key] = value
        rest = rest[rest.index(after: i)...].drop { $0 == "," }
      }
      let value = UInt64(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)) ?? .max
      return (String(line[..<open]), labels, value)
    }
  }

  @Test func countersRenderWithIstiosLabels() {
    let metrics = TCPMetrics()
    let source = TestMesh.pod("sleep", "10.0.1.1")
    let destination = TestMesh.pod("httpbin", "10.0.0.2")
    let labels = MetricLabels(
      reporter: .destination, source: source, sourceIdentity: TestMesh.identity("apps", "sleep"),
      destination: destination, destinationService: TestMesh.service(), mutualTLS: true)
    let handle = metrics.handle(labels)
    handle.connectionOpened()
    handle.received(bytes: 100)
    handle.received(bytes: 23)
    handle.sent(bytes: 7)
    handle.connectionClosed()
    #expect(metrics.handle(labels) === handle)  // one handle per label set

    let denied = metrics.handle(
      MetricLabels(
        reporter: .destination, source: nil, sourceIdentity: nil, destination: destination, destinationService: nil,
        responseFlags: .denied, mutualTLS: false))
    denied.connectionFailed()

    let text = metrics.render()
    for family in ["opened", "closed", "failed"] {
      #expect(text.contains("# TYPE istio_tcp_connections_\(family)_total counter\n"))
    }
    let samples = Self.samples(text)
    #expect(samples.count == 10)  // 5 families × 2 label sets
    let full = samples.filter { $0.labels["response_flags"] == "-" }
    #expect(Set(full.map(\.labels.count)) == [13])
    let first = full[0].labels
    #expect(first["reporter"] == "destination")
    #expect(first["source_workload"] == "sleep")
    #expect(first["source_principal"] == "spiffe://cluster.local/ns/apps/sa/sleep")
    #expect(first["source_app"] == "sleep")
    #expect(first["source_version"] == "v1")
    #expect(first["destination_service"] == "httpbin.apps.svc.cluster.local")
    #expect(first["destination_workload_namespace"] == "apps")
    #expect(first["destination_principal"] == "spiffe://cluster.local/ns/apps/sa/httpbin")
    #expect(first["request_protocol"] == "tcp")
    #expect(first["connection_security_policy"] == "mutual_tls")
    let values = Dictionary(uniqueKeysWithValues: full.map { ($0.name, $0.value) })
    #expect(values["istio_tcp_received_bytes_total"] == 123)
    #expect(values["istio_tcp_sent_bytes_total"] == 7)
    #expect(values["istio_tcp_connections_opened_total"] == 1)
    #expect(values["istio_tcp_connections_closed_total"] == 1)
    #expect(values["istio_tcp_connections_failed_total"] == 0)
    let deniedSamples = samples.filter { $0.labels["response_flags"] == "DENY" }
    #expect(deniedSamples.first { $0.name == "istio_tcp_connections_failed_total" }?.value == 1)
    #expect(deniedSamples[0].labels["source_workload"] == "unknown")
    #expect(deniedSamples[0].labels["destination_service"] == "unknown")
    #expect(deniedSamples[0].labels["connection_security_policy"] == "unknown")
  }

  @Test func labelValuesAreEscapedAndRenderingIsStable() {
    let metrics = TCPMetrics()
    var labels = MetricLabels(reporter: .source)
    labels.sourceWorkload = "we\"ird\\name\nx"
    metrics.handle(labels).connectionOpened()
    metrics.handle(MetricLabels(reporter: .destination)).connectionOpened()
    let text = metrics.render()
    #expect(text.contains(#"source_workload="we\"ird\\name\nx""#))
    #expect(Self.samples(text).contains { $0.labels["source_workload"] == "we\"ird\\name\nx" })
    #expect(metrics.render() == text)
  }

  @Test func concurrentUpdatesAreAllCounted() async {
    let metrics = TCPMetrics()
    let labels = MetricLabels(reporter: .source)
    await withTaskGroup(of: Void.self) { group in
      for _ in 0..<8 {
        group.addTask {
          let handle = metrics.handle(labels)
          for _ in 0..<1000 { handle.received(bytes: 1) }
        }
      }
    }
    let received = Self.samples(metrics.render()).first { $0.name == "istio_tcp_received_bytes_total" }
    #expect(received?.value == 8000)
  }
}
