import Crypto
import Foundation
import Kube

/// The server's half of an RFC 6455 opening handshake for `exec`, decided from the request
/// headers alone: which remote-command subprotocol to speak and the `Sec-WebSocket-Accept` value.
struct WebSocketHandshake: Sendable, Equatable {
  /// The subprotocol both sides speak (`v5.channel.k8s.io`).
  var subprotocol: RemoteCommandProtocol
  var acceptValue: String

  /// How a client asked to upgrade an exec request.
  enum Upgrade: Sendable, Equatable {
    case websocket(WebSocketHandshake)
    /// `Upgrade: SPDY/3.1`: what kubectl before 1.30 (or with `KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false`) sends.
    case spdy
  }

  /// RFC 6455 section 1.3: the accept value is base64(SHA-1(key + this GUID)).
  static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

  /// Reads the upgrade headers (names lower-cased). Throws the 400 kube-apiserver gives to a
  /// request that is no upgrade, or one whose subprotocols it cannot speak.
  static func negotiate(method: String, headers: [String: String]) throws(KubeAPIError) -> Upgrade {
    let upgrade = tokens(headers["upgrade"])
    let connection = tokens(headers["connection"])
    guard connection.contains("upgrade"), !upgrade.isEmpty else {
      throw KubeAPIError.badRequest("Upgrade request required")
    }
    if upgrade.contains(where: { $0.hasPrefix("spdy/") }) { return .spdy }
    guard upgrade.contains("websocket") else {
      throw KubeAPIError.badRequest(
        "unsupported upgrade \(headers["upgrade"] ?? ""): exec is served over WebSocket (Upgrade: websocket)")
    }
    guard method == "GET" else {
      throw KubeAPIError.badRequest("a WebSocket upgrade must be a GET request, not \(method) (RFC 6455 section 4.1)")
    }
    guard headers["sec-websocket-version"]?.trimmingCharacters(in: .whitespaces) == "13" else {
      throw KubeAPIError.badRequest("unsupported Sec-WebSocket-Version: the dev cluster speaks WebSocket version 13")
    }
    guard let key = headers["sec-websocket-key"]?.trimmingCharacters(in: .whitespaces),
      let nonce = Data(base64Encoded: key), nonce.count == 16
    else {
      throw KubeAPIError.badRequest("missing or malformed Sec-WebSocket-Key (RFC 6455 needs a base64 16-byte nonce)")
    }
    let offered = (headers["sec-websocket-protocol"] ?? "").split(separator: ",").map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    // The client lists protocols in its order of preference; take the first one spoken here.
    guard let chosen = offered.lazy.compactMap(RemoteCommandProtocol.init(rawValue:)).first else {
      let supported = RemoteCommandProtocol.allCases.map(\.rawValue).joined(separator: ", ")
      throw KubeAPIError.badRequest(
        "none of the offered exec subprotocols [\(offered.joined(separator: ", "))] is supported; "
          + "the dev cluster speaks \(supported)")
    }
    return .websocket(WebSocketHandshake(subprotocol: chosen, acceptValue: acceptValue(for: key)))
  }

  static func acceptValue(for key: String) -> String {
    Data(Insecure.SHA1.hash(data: Data((key + acceptGUID).utf8))).base64EncodedString()
  }

  /// The comma-separated tokens of a header, lower-cased.
  private static func tokens(_ value: String?) -> [String] {
    (value ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter {
      !$0.isEmpty
    }
  }
}
