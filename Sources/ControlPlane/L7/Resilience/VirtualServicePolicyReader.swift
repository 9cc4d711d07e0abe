import Foundation
import Kube
import Shared

/// A VirtualService's resilience settings for the waypoint: timeout, retries and fault injection.
///
/// Routing itself comes from HTTPRoutes, so only what HTTPRoute cannot say is taken, and only from
/// the first `http[]` entry without `match` (the one Istio applies to every request of the host);
/// it becomes the Service's default policy. Entries with `match` are reported, not guessed at:
/// applying their faults to all requests would break traffic the author meant to leave alone.
enum VirtualServicePolicyReader {
  struct Reading: Sendable {
    var policy: L7RoutePolicy?
    var problems: [String] = []
    var notes: [String] = []
  }

  static func read(_ service: VirtualService) -> Reading {
    var reading = Reading()
    let entries = service.http
    guard let index = entries.firstIndex(where: { $0.match.isEmpty }) else {
      reading.notes.append(
        "spec.http: no entry without match; only such an entry's timeout, retries and fault are applied "
          + "(as the Service's default at its waypoint), so nothing is applied")
      return reading
    }
    let matched = entries.indices.filter { !entries[$0].match.isEmpty }.map { "spec.http[\($0)]" }
    if !matched.isEmpty {
      reading.notes.append(
        "\(matched.joined(separator: ", ")): entries with match are not applied (express matches with an "
          + "HTTPRoute); spec.http[\(index)] applies to every request")
    }
    let entry = entries[index]
    let path = "spec.http[\(index)]"
    var policy = L7RoutePolicy()
    if let timeout = entry.timeout {
      policy.timeout = duration(timeout, path: "\(path).timeout", into: &reading)
    }
    if let retries = entry.retries {
      let attempts = retries.attempts ?? 2
      if attempts < 0 {
        reading.problems.append("\(path).retries.attempts: \(attempts) is negative")
      } else {
        policy.retry = L7Retry(
          attempts: attempts,
          perTryTimeout: retries.perTryTimeout.flatMap {
            duration($0, path: "\(path).retries.perTryTimeout", into: &reading)
          },
          retryOn: (retries.retryOn ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty })
      }
    }
    if let fault = entry.fault {
      policy.fault = self.fault(fault, path: "\(path).fault", into: &reading)
    }
    reading.policy = policy == L7RoutePolicy() ? nil : policy
    return reading
  }

  private static func fault(_ fault: VirtualServiceFault, path: String, into reading: inout Reading) -> L7Fault? {
    var result = L7Fault()
    if let delay = fault.delay {
      let written = delay["fixedDelay"]?.stringValue
      if written == nil {
        reading.problems.append("\(path).delay.fixedDelay: is required (exponentialDelay is not supported)")
      }
      if let written, let value = duration(written, path: "\(path).delay.fixedDelay", into: &reading),
        let percentage = percentage(delay, path: "\(path).delay", into: &reading)
      {
        result.delay = L7Fault.Delay(fixedDelay: value, percentage: percentage)
      }
    }
    if let abort = fault.abort {
      if let status = abort["httpStatus"]?.intValue.map(Int.init) {
        if !(200...599).contains(status) {
          reading.problems.append("\(path).abort.httpStatus: \(status) is not an HTTP status (200-599)")
        } else if let percentage = percentage(abort, path: "\(path).abort", into: &reading) {
          result.abort = L7Fault.Abort(httpStatus: status, percentage: percentage)
        }
      } else {
        reading.problems.append("\(path).abort.httpStatus: is required (grpcStatus and http2Error are not supported)")
      }
    }
    return result.delay == nil && result.abort == nil ? nil : result
  }

  /// `percentage.value` (0-100, fractions allowed), or the deprecated integer `percent`; 100 when
  /// neither is written, as in Istio.
  private static func percentage(_ value: JSONValue, path: String, into reading: inout Reading) -> Double? {
    let number: Double
    if let written = value["percentage"]?["value"] {
      switch written {
      case .double(let d): number = d
      case .int(let i): number = Double(i)
      default:
        reading.problems.append("\(path).percentage.value: must be a number")
        return nil
      }
    } else if let percent = value["percent"]?.intValue {
      number = Double(percent)
    } else {
      return 100
    }
    guard (0...100).contains(number) else {
      reading.problems.append("\(path).percentage.value: \(number) is not in 0-100")
      return nil
    }
    return number
  }

  private static func duration(_ text: String, path: String, into reading: inout Reading) -> Duration? {
    do throws(DurationText.Problem) {
      return try DurationText.parse(text)
    } catch {
      reading.problems.append("\(path): \(error.message)")
      return nil
    }
  }
}
