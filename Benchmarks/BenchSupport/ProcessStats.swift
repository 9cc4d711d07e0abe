import Foundation
import Glibc

/// Memory and CPU of a process, from /proc: what every benchmark reports beside its timings.
public enum ProcessStats {
  /// Resident set size of this process.
  public static func rssBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
      let kb = Int(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kb * 1024
  }

  /// RSS after asking glibc to return freed pages (`malloc_trim(0)`), so that a before/after
  /// difference is what live structures hold rather than what temporaries left behind.
  public static func trimmedRSS() -> Int {
    typealias Trim = @convention(c) (Int) -> Int32
    if let symbol = dlsym(nil, "malloc_trim") {  // RTLD_DEFAULT: glibc, already loaded
      _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }
    return rssBytes()
  }

  /// CPU seconds (user + system) used so far by process `pid` (0 = this process).
  public static func cpuSeconds(pid: Int32 = 0) -> Double {
    let path = pid == 0 ? "/proc/self/stat" : "/proc/\(pid)/stat"
    guard let stat = try? String(contentsOfFile: path, encoding: .utf8), let close = stat.lastIndex(of: ")") else {
      return 0
    }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    // After the command name: state is field 3; utime and stime are fields 14 and 15.
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
  }
}

extension Duration {
  public var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
  public var seconds: Double { milliseconds / 1000 }
}
