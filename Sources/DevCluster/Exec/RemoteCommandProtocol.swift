/// The remote-command WebSocket subprotocols the dev cluster speaks (KEP-3396). Every binary
/// message starts with a stream id byte; v5 adds the CLOSE signal (`255, <stream id>`) with which
/// a client half-closes stdin, so `echo hi | kubectl exec -i pod -- cat` ends. kubectl 1.30+ offers
/// only v5; v4 serves older WebSocket clients (their stdin simply never reaches EOF).
enum RemoteCommandProtocol: String, Sendable, Equatable, CaseIterable {
  case v5 = "v5.channel.k8s.io"
  case v4 = "v4.channel.k8s.io"

  var supportsCloseSignal: Bool { self == .v5 }
}
