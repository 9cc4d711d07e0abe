import Testing
import WaypointAgent

@Suite struct RequestProtocolTests {
  @Test func labelsAreIstios() {
    #expect(RequestProtocol.allCases.map(\.rawValue) == ["http", "grpc", "tcp"])
  }
}
