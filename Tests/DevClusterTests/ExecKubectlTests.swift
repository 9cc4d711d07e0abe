import Foundation
import MeshTestSupport
import Testing

/// Real kubectl (1.32: WebSocket v5 exec) against the dev API server with a test process host:
/// what a user sees from `kubectl exec` and `kubectl logs`.
@Suite("Dev API server: kubectl exec and logs")
struct ExecKubectlTests {
  static let shared = ExecSharedCluster(withHost: true)

  @Test("kubectl exec prints the command's stdout and exits 0")
  func echo() async throws {
    let cluster = try await Self.shared.get()
    try await cluster.createPod("echo")
    let result = try await cluster.kubectl(["exec", "echo", "--", "echo", "hello"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "hello\n")
  }

  @Test("a non-zero exit code reaches kubectl's own exit status")
  func exitCode() async throws {
    let cluster = try await Self.shared.get()
    try await cluster.createPod("exits")
    let result = try await cluster.kubectl(["exec", "exits", "--", "sh", "-c", "exit 7"])
    #expect(result.status == 7)
    #expect(result.stderr.contains("command terminated with exit code 7"))
  }

  @Test("stdout and stderr arrive on their own streams")
  func separateStreams() async throws {
    let cluster = try await Self.shared.get()
    try await cluster.createPod("streams")
    let result = try await cluster.kubectl(["exec", "streams", "--", "sh", "-c", "echo out; echo err >&2; exit 3"])
    #expect(result.status == 3)
    #expect(result.stdout == "out\n")
    #expect(result.stderr.hasPrefix("err\n"))
  }

  @Test("stdin piped with -i reaches the command, and its end ends the command")
  func stdin() async throws {
    let cluster = try await Self.shared.get()
    try await cluster.createPod("cat")
    let lines = (1...2000).map { "line \($0) of the input" }.joined(separator: "\n") + "\n"
    let result = try await cluster.kubectl(["exec", "-i", "cat", "--", "cat"], input: lines)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == lines)
    let short = try await cluster.kubectl(["exec", "-i", "cat", "--", "cat"], input: "hi\n")
    #expect(short.stdout == "hi\n")
  }

  @Test("an unknown pod is kubectl's NotFound error with a non-zero exit")
  func unknownPod() async throws {
    let cluster = try await Self.shared.get()
    let result = try await cluster.kubectl(["exec", "nowhere", "--", "echo", "hi"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("pods \"nowhere\" not found"))
  }

  @Test("a pod that is not running yet gets a 400 saying so")
  func notRunning() async throws {
    let cluster = try await Self.shared.get()
    try await cluster.createPod("pending", phase: nil)
    let result = try await cluster.kubectl(["exec", "pending", "--", "echo", "hi"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("pod pending is not running (phase Pending)"))
    #expect(result.stdout.isEmpty)
  }

  @Test("a container the pod does not have, and a command that does not exist, are refused with what is wrong")
  func badContainerAndCommand() async throws {
    let cluster = try await Self.shared.get()
    try await cluster.createPod("twins", containers: ["app", "sidecar"])
    let container = try await cluster.kubectl(["exec", "twins", "-c", "nope", "--", "echo", "hi"])
    #expect(container.status != 0)
    #expect(container.stderr.contains("container nope is not valid for pod twins"))
    let sidecar = try await cluster.kubectl(["exec", "twins", "-c", "sidecar", "--", "echo", "from sidecar"])
    #expect(sidecar.stdout == "from sidecar\n")
    let command = try await cluster.kubectl(["exec", "twins", "-c", "app", "--", "no-such-command-here"])
    #expect(command.status == 1)
    #expect(command.stderr.contains("\"no-such-command-here\": executable file not found in $PATH"))
  }

  @Test("kubectl forced onto SPDY is told that exec needs WebSocket")
  func spdyRefused() async throws {
    let cluster = try await Self.shared.get()
    try await cluster.createPod("spdy")
    let result = try await cluster.kubectl(
      ["exec", "spdy", "--", "echo", "hi"], environment: ["KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("serves exec over WebSocket only"))
    #expect(result.stdout.isEmpty)
  }

  @Test("kubectl logs prints a container's output; --tail keeps the last lines")
  func logs() async throws {
    let cluster = try await Self.shared.get()
    try await cluster.createPod("logger")
    let done = cluster.directory.path("logger-done")
    try cluster.host?.startContainer(
      namespace: "default", pod: "logger", command: ["sh", "-c", "printf 'one\\ntwo\\nthree\\n'; touch \(done)"])
    try await waitFor { FileManager.default.fileExists(atPath: done) }
    let all = try await cluster.kubectl(["logs", "logger"])
    #expect(all.status == 0, "\(all.stderr)")
    #expect(all.stdout == "one\ntwo\nthree\n")
    let tail = try await cluster.kubectl(["logs", "logger", "--tail=2"])
    #expect(tail.stdout == "two\nthree\n")
    let limited = try await cluster.kubectl(["logs", "logger", "--limit-bytes=6"])
    #expect(limited.stdout == "one\ntw")
    let unknown = try await cluster.kubectl(["logs", "logger", "-c", "other"])
    #expect(unknown.status != 0)
    #expect(unknown.stderr.contains("container other is not valid for pod logger"))
  }

  @Test("kubectl logs -f shows output as it is written and returns when the container's output ends")
  func follow() async throws {
    let cluster = try await Self.shared.get()
    try await cluster.createPod("follower")
    let gate = cluster.directory.path("follower-gate")
    try cluster.host?.startContainer(
      namespace: "default", pod: "follower",
      command: ["sh", "-c", "echo first; while [ ! -e \(gate) ]; do sleep 0.05; done; echo second"])
    let follow = try APIServerBackgroundProcess(
      cluster.kubectlCommand(["logs", "-f", "follower"]), outputPath: cluster.directory.path("follow.out"))
    defer { follow.stop() }
    try await waitFor { follow.output.contains("first\n") }
    #expect(!follow.output.contains("second"))
    #expect(follow.isRunning)
    try "go".write(toFile: gate, atomically: true, encoding: .utf8)
    try await waitFor { !follow.isRunning }
    #expect(follow.output == "first\nsecond\n")
  }

  @Test("a pod the node runner does not run: its refusal reaches kubectl for exec and logs")
  func unknownToTheRunner() async throws {
    let cluster = try await Self.shared.get()
    try await cluster.createPod("ghost", registered: false)
    let exec = try await cluster.kubectl(["exec", "ghost", "--", "echo", "hi"])
    #expect(exec.status == 1)
    #expect(exec.stderr.contains("pods \"ghost\" not found"))
    #expect(exec.stdout.isEmpty)
    let logs = try await cluster.kubectl(["logs", "ghost"])
    #expect(logs.status != 0)
    #expect(logs.stderr.contains("Error from server (NotFound): pods \"ghost\" not found"))
  }

  @Test("a kubectl that goes away takes its command with it")
  func clientGone() async throws {
    let cluster = try await Self.shared.get()
    try await cluster.createPod("sleeper")
    let pidFile = cluster.directory.path("sleeper.pid")
    let exec = try APIServerBackgroundProcess(
      cluster.kubectlCommand(["exec", "sleeper", "--", "sh", "-c", "echo $$ > \(pidFile); exec sleep 600"]),
      outputPath: cluster.directory.path("sleeper.out"))
    try await waitFor { (try? String(contentsOfFile: pidFile, encoding: .utf8))?.hasSuffix("\n") == true }
    let pid = try #require(
      Int32((try String(contentsOfFile: pidFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(kill(pid, 0) == 0)
    exec.stop()
    try await waitFor { kill(pid, 0) != 0 }
  }

  /// Polls until `condition` holds; fails the test after a generous bound (no timing asserted).
  private func waitFor(_ condition: () -> Bool) async throws {
    for _ in 0..<600 {
      if condition() { return }
      try await Task.sleep(for: .milliseconds(50))
    }
    throw ToolFailureReport("condition not met within 30 s")
  }
}

@Suite("Dev API server: exec without a node runner")
struct ExecWithoutNodeRunnerTests {
  @Test("exec and logs say that no node runner runs pods, and how to start one")
  func noHost() async throws {
    let cluster = try await ExecClusterHarness(withHost: false)
    try await cluster.createPod("idle", phase: nil, registered: false)
    let exec = try await cluster.kubectl(["exec", "idle", "--", "echo", "hi"])
    #expect(exec.status != 0)
    #expect(
      exec.stderr.contains("no node runner: pods do not run in this dev cluster (start it with `meshctl dev up`)"))
    let logs = try await cluster.kubectl(["logs", "idle"])
    #expect(logs.status != 0)
    #expect(logs.stderr.contains("no node runner"))
    await cluster.stop()
  }
}
