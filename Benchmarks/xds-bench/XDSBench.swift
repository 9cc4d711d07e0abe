import ArgumentParser
import CA
import Foundation
import Glibc
import Shared
import XDS

/// `make bench-xds`: the control plane's xDS server with many subscribers in a second process.
///
/// All figures are taken on the server side: a push counts as delivered when every subscriber
/// has ACKed the response carrying it (the ACK follows the agent applying it).
@main
struct XDSBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "xds-bench", subcommands: [Run.self, Clients.self], defaultSubcommand: Run.self)
}

/// Shared between the two processes.
enum BenchSetup {
  static let token = "bench-ztunnel"
  static let tokens = [token: AuthenticatedCaller(namespace: "istio-system", serviceAccount: "ztunnel")]

  static func workload(_ i: Int, revision: Int = 0) -> Workload {
    let ns = "ns-\(i % 100)"
    return Workload(
      uid: Workload.podUID(cluster: "Kubernetes", namespace: ns, name: "pod-\(i)"), name: "pod-\(i)", namespace: ns,
      addresses: [.v4(0x0a00_0000 | UInt32(i))], tunnelProtocol: .hbone, trustDomain: "cluster.local",
      serviceAccount: "sa-\(i % 1000)", node: "node-\(i % 100)", canonicalName: "app-\(i % 1000)",
      canonicalRevision: "v\(revision)", workloadName: "deploy-\(i % 1000)",
      services: ["\(ns)/svc-\(i % 1000).\(ns).svc.cluster.local": [ServicePort(servicePort: 80, targetPort: 8080)]])
  }

  static func resource(_ w: Workload) throws -> XDSResource {
    try XDSResource(name: w.uid, aliases: w.aliases, message: MeshAddress.workload(w).wire)
  }

  /// RSS after asking glibc to return freed pages (`malloc_trim(0)`), so that a before/after
  /// difference is what a structure keeps rather than what temporaries left behind.
  static func heapInUse() -> Int {
    typealias Trim = @convention(c) (Int) -> Int32
    if let symbol = dlsym(nil, "malloc_trim") {  // RTLD_DEFAULT: glibc, already loaded
      _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }
    return rssBytes()
  }

  /// CPU seconds (user + system) used so far by process `pid` (0 = this process), from /proc.
  static func cpuSeconds(pid: Int32 = 0) -> Double {
    let path = pid == 0 ? "/proc/self/stat" : "/proc/\(pid)/stat"
    guard let stat = try? String(contentsOfFile: path, encoding: .utf8), let close = stat.lastIndex(of: ")") else {
      return 0
    }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    // After the command name: state is field 3; utime and stime are fields 14 and 15.
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
  }

  /// Resident set size of this process, from /proc.
  static func rssBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
      let kb = Int(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kb * 1024
  }
}

extension Duration {
  var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}
