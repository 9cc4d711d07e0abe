import DevCluster
import Foundation
import Testing

/// The runner's process primitive: children inherit nothing but their stdio (so one long-lived
/// container can never hold another child's pipe or hide its exit), and exits are reported with
/// the shell's convention.
@Suite("Child processes")
struct ChildProcessTests {
  @Test("a child started while another child's pipe is open does not inherit it: the reader sees EOF")
  func noInheritance() async throws {
    let pipe = try ChildPipe()
    let writer = try ChildProcess.spawn(["sh", "-c", "echo hello"], stdout: pipe.writeEnd)
    // Started while the pipe's write end is open in this process: it must not get a copy.
    let bystander = try ChildProcess.spawn(["sleep", "30"])
    defer { bystander.signal(SIGKILL) }
    close(pipe.writeEnd)
    var output: [UInt8] = []
    for await chunk in ChildPipe.stream(pipe.readEnd) { output += chunk }
    #expect(String(decoding: output, as: UTF8.self) == "hello\n")
    #expect(await writer.exitCode() == 0)
    #expect(bystander.isRunning)
    let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(bystander.pid)/fd")
    #expect(descriptors.sorted() == ["0", "1", "2"])
  }

  @Test("exit codes are the process's, and 128 + the signal for one killed by a signal")
  func exitCodes() async throws {
    #expect(await (try ChildProcess.spawn(["sh", "-c", "exit 7"])).exitCode() == 7)
    let sleeper = try ChildProcess.spawn(["sleep", "30"])
    sleeper.signal(SIGTERM)
    #expect(await sleeper.exitCode() == 128 + SIGTERM)
    #expect(!sleeper.isRunning)
    // Reaped: the pid is gone, not a zombie.
    #expect(kill(sleeper.pid, 0) != 0)
  }

  @Test("environment and working directory are exactly what was given")
  func environment() async throws {
    let pipe = try ChildPipe()
    let child = try ChildProcess.spawn(
      ["sh", "-c", "echo $ONLY $HOME; pwd"], environment: ["ONLY": "this", "PATH": "/usr/bin:/bin"],
      workingDirectory: "/tmp", stdout: pipe.writeEnd)
    close(pipe.writeEnd)
    var output: [UInt8] = []
    for await chunk in ChildPipe.stream(pipe.readEnd) { output += chunk }
    #expect(String(decoding: output, as: UTF8.self) == "this\n/tmp\n")
    #expect(await child.exitCode() == 0)
  }
}

@Suite("Dev cluster host requirements")
struct HostRequirementsTests {
  @Test("root comes first, then the missing tools by name with how to install them")
  func problems() {
    #expect(HostRequirements.problem(uid: 0, missingTools: []) == nil)
    let notRoot = HostRequirements.problem(uid: 1000, missingTools: ["ip"])?.message ?? ""
    #expect(notRoot.contains("needs root"))
    let missing = HostRequirements.problem(uid: 0, missingTools: ["ip", "iptables-save"])?.message ?? ""
    #expect(missing.contains("ip, iptables-save") && missing.contains("apt-get install"))
  }

  @Test("a tool absent from PATH is reported")
  func missingTools() {
    #expect(HostRequirements.missingTools(path: "/nonexistent") == HostRequirements.tools)
  }
}
