import Foundation
import Kube
import Testing

@testable import DevCluster

/// The pure decisions behind `kubectl exec` and `kubectl logs`: the WebSocket handshake, the
/// channel protocol's messages, the exit status, the query options and the pod checks.
@Suite("Dev API server: exec and log decisions")
struct ExecLogicTests {
  private static func upgradeHeaders(protocols: String = "v5.channel.k8s.io") -> [String: String] {
    [
      "connection": "Upgrade", "upgrade": "websocket", "sec-websocket-version": "13",
      "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", "sec-websocket-protocol": protocols,
    ]
  }

  @Test("the accept value is RFC 6455's worked example, and the client's first spoken subprotocol wins")
  func handshake() throws {
    #expect(WebSocketHandshake.acceptValue(for: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    let v5 = try WebSocketHandshake.negotiate(method: "GET", headers: Self.upgradeHeaders())
    #expect(
      v5 == .websocket(WebSocketHandshake(subprotocol: .v5, acceptValue: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")))
    let preferred = try WebSocketHandshake.negotiate(
      method: "GET", headers: Self.upgradeHeaders(protocols: "v4.channel.k8s.io, v5.channel.k8s.io"))
    #expect(preferred == .websocket(WebSocketHandshake(subprotocol: .v4, acceptValue: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")))
    let skipped = try WebSocketHandshake.negotiate(
      method: "GET", headers: Self.upgradeHeaders(protocols: "v6.channel.k8s.io,v5.channel.k8s.io"))
    #expect(skipped == .websocket(WebSocketHandshake(subprotocol: .v5, acceptValue: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")))
    let spdy = try WebSocketHandshake.negotiate(
      method: "POST", headers: ["connection": "Upgrade", "upgrade": "SPDY/3.1"])
    #expect(spdy == .spdy)
  }

  @Test(
    "handshakes the server cannot accept are 400s that say why",
    arguments: [
      ("GET", [:], "Upgrade request required"),
      ("GET", ["connection": "keep-alive", "upgrade": "websocket"], "Upgrade request required"),
      ("GET", ["connection": "upgrade", "upgrade": "h2c"], "unsupported upgrade h2c"),
      ("POST", ExecLogicTests.upgradeHeaders(), "must be a GET request"),
      ("GET", ExecLogicTests.upgradeHeaders().merging(["sec-websocket-version": "8"]) { $1 }, "version 13"),
      ("GET", ExecLogicTests.upgradeHeaders().merging(["sec-websocket-key": "short"]) { $1 }, "Sec-WebSocket-Key"),
      (
        "GET", ExecLogicTests.upgradeHeaders(protocols: "channel.k8s.io"), "speaks v5.channel.k8s.io, v4.channel.k8s.io"
      ),
    ] as [(String, [String: String], String)])
  func refusedHandshakes(method: String, headers: [String: String], message: String) {
    #expect {
      try WebSocketHandshake.negotiate(method: method, headers: headers)
    } throws: { error in
      guard let error = error as? KubeAPIError else { return false }
      return error.code == 400 && error.message.contains(message)
    }
  }

  @Test(
    "client messages decode by their stream id byte",
    arguments: [
      ([0, 104, 105], RemoteCommandProtocol.v5, RemoteCommandMessage.stdin([104, 105])),
      ([255, 0], .v5, .close(stream: 0)),
      // v4 has no CLOSE signal: 255 is just an unknown stream there.
      ([255, 0], .v4, .ignored("unknown stream id 255")),
      (Array("\u{4}{\"Width\":80,\"Height\":24}".utf8), .v5, .resize(width: 80, height: 24)),
      ([1, 65], .v5, .ignored("data for server-to-client stream 1")),
      ([], .v5, .ignored("empty message without a stream id")),
    ] as [([UInt8], RemoteCommandProtocol, RemoteCommandMessage)])
  func decode(bytes: [UInt8], version: RemoteCommandProtocol, expected: RemoteCommandMessage) throws {
    #expect(try RemoteCommandMessage.decode(bytes, protocol: version) == expected)
  }

  @Test("malformed CLOSE and resize messages are protocol errors")
  func malformed() {
    #expect(throws: RemoteCommandMessage.DecodeError.self) {
      try RemoteCommandMessage.decode([255, 0, 1], protocol: .v5)
    }
    #expect(throws: RemoteCommandMessage.DecodeError.self) {
      try RemoteCommandMessage.decode(Array("\u{4}{\"Width\":\"wide\"}".utf8), protocol: .v5)
    }
    #expect(RemoteCommandMessage.frame(.stderr, [7, 8]) == [2, 7, 8])
  }

  @Test("the exit status is Success for 0 and NonZeroExitCode with an ExitCode cause otherwise")
  func exitStatus() {
    #expect(RemoteCommandStatus.exit(code: 0, command: ["true"]) == ["metadata": [:], "status": "Success"])
    let seven = RemoteCommandStatus.exit(code: 7, command: ["sh", "-c", "exit 7"])
    #expect(seven["status"] == "Failure")
    #expect(seven["reason"] == "NonZeroExitCode")
    #expect(seven.value(at: ["details", "causes"]) == [["reason": "ExitCode", "message": "7"]])
    #expect(seven["message"]?.stringValue?.contains("[sh -c exit 7], exit code 7") == true)
    let huge = RemoteCommandStatus.exit(code: 300, command: ["x"])
    #expect(huge.value(at: ["details", "causes"]) == [["reason": "ExitCode", "message": "255"]])
    let refused = RemoteCommandStatus.failure(PodProcessError(.notRunning, "container app is restarting"))
    #expect(refused["status"] == "Failure" && refused["reason"] == "BadRequest")
    #expect(refused["message"] == "container app is restarting")
  }

  @Test("exec and log query options are read like kube-apiserver reads them")
  func options() throws {
    let exec = try ExecOptions.parse(
      QueryParameters("command=sh&command=-c&command=echo+a%26b&container=app&stdin=true&stdout=1&tty=false"))
    #expect(exec.command == ["sh", "-c", "echo a&b"])
    #expect(exec.container == "app" && exec.stdin && exec.stdout && !exec.stderr && !exec.tty)
    #expect(throws: KubeAPIError.badRequest("you must specify at least one command for the container")) {
      try ExecOptions.parse(QueryParameters("stdout=true"))
    }
    #expect(throws: KubeAPIError.badRequest("you must specify at least 1 of stdin, stdout, stderr")) {
      try ExecOptions.parse(QueryParameters("command=ls"))
    }
    let logs = try LogOptions.parse(QueryParameters("follow=true&tailLines=10&limitBytes=100"))
    #expect(logs == LogOptions(container: "", follow: true, tailLines: 10, limitBytes: 100))
    for bad in ["tailLines=-1", "limitBytes=0", "previous=true", "timestamps=true", "sinceSeconds=10"] {
      #expect(throws: KubeAPIError.self) { try LogOptions.parse(QueryParameters(Substring(bad))) }
    }
  }

  @Test("the container defaults to a pod's only one; otherwise it must be named and be the pod's own")
  func containers() throws {
    var single = KubeObject(type: .pod, namespace: "ns", name: "one")
    single.spec = ["containers": [["name": "app"]]]
    #expect(try APIService.container("", of: single) == "app")
    var pair = KubeObject(type: .pod, namespace: "ns", name: "two")
    pair.spec = ["containers": [["name": "app"], ["name": "proxy"]], "initContainers": [["name": "init"]]]
    #expect(try APIService.container("init", of: pair) == "init")
    #expect(
      throws: KubeAPIError.badRequest("a container name must be specified for pod two, choose one of: [app proxy]")
    ) {
      try APIService.container("", of: pair)
    }
    #expect(throws: KubeAPIError.badRequest("container web is not valid for pod two")) {
      try APIService.container("web", of: pair)
    }
  }

  @Test("commands run only in a Running pod", arguments: ["Pending", "Succeeded", "Failed", ""])
  func phases(phase: String) throws {
    var pod = KubeObject(type: .pod, namespace: "ns", name: "p")
    if !phase.isEmpty { pod.status = ["phase": .string(phase)] }
    #expect {
      try APIService.requireRunning(pod)
    } throws: { error in
      let message = (error as? KubeAPIError)?.message ?? ""
      return phase == "Succeeded" || phase == "Failed"
        ? message == "cannot exec into a container in a completed pod; current phase is \(phase)"
        : message.hasPrefix("pod p is not running (phase \(phase.isEmpty ? "unknown" : phase))")
    }
    pod.status = ["phase": "Running"]
    try APIService.requireRunning(pod)
  }
}
