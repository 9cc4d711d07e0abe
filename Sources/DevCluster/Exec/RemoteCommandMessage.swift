import Kube

/// One binary message of the remote-command channel protocol, as a client sends it; and the
/// framing of what the server sends. Pure, so the protocol rules are table-tested apart from NIO.
enum RemoteCommandMessage: Sendable, Equatable {
  case stdin([UInt8])
  /// Terminal size from stream 4 (`{"Width":80,"Height":24}`); the dev cluster has no terminals
  /// to resize, but a malformed one is still a protocol error worth logging.
  case resize(width: Int, height: Int)
  /// v5 CLOSE signal: the client finished writing `stream` (0 = stdin EOF).
  case close(stream: UInt8)
  /// Well-formed but nothing to act on (an empty message, data for a server-to-client stream).
  case ignored(String)

  /// Stream ids: the first byte of every message.
  enum Stream: UInt8, Sendable {
    case stdin = 0
    case stdout = 1
    case stderr = 2
    /// The `metav1.Status` that ends the exec: success, or the exit code.
    case error = 3
    case resize = 4
  }

  /// First byte of a v5 CLOSE signal.
  static let closeSignal: UInt8 = 255

  struct DecodeError: Error, Equatable, CustomStringConvertible {
    var description: String
  }

  static func decode(
    _ bytes: [UInt8], protocol version: RemoteCommandProtocol
  ) throws(DecodeError) -> RemoteCommandMessage {
    guard let id = bytes.first else { return .ignored("empty message without a stream id") }
    let payload = Array(bytes.dropFirst())
    if id == closeSignal, version.supportsCloseSignal {
      guard payload.count == 1 else {
        throw DecodeError(description: "a CLOSE signal carries exactly one stream id, got \(payload.count) bytes")
      }
      return .close(stream: payload[0])
    }
    switch Stream(rawValue: id) {
    case .stdin: return .stdin(payload)
    case .resize:
      guard let size = try? JSONParser.parse(payload), let width = size["Width"]?.intValue,
        let height = size["Height"]?.intValue
      else {
        throw DecodeError(
          description: "a resize message must be {\"Width\":<n>,\"Height\":<n>}, got "
            + String(decoding: payload.prefix(100), as: UTF8.self))
      }
      return .resize(width: Int(width), height: Int(height))
    case .stdout, .stderr, .error: return .ignored("data for server-to-client stream \(id)")
    case nil: return .ignored("unknown stream id \(id)")
    }
  }

  /// A server message: the stream id then the data.
  static func frame(_ stream: Stream, _ data: some Collection<UInt8>) -> [UInt8] {
    var bytes: [UInt8] = [stream.rawValue]
    bytes.reserveCapacity(data.count + 1)
    bytes.append(contentsOf: data)
    return bytes
  }
}
