import Testing
import ZtunnelAgent

@Suite struct ResponseFlagsTests {
  @Test func labelsAreIstios() {
    #expect(ResponseFlags.allCases.map(\.rawValue) == ["-", "DENY", "CONNECT", "TLS_FAILURE"])
  }
}
