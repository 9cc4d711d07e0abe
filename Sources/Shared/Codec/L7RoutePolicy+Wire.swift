extension L7RoutePolicy {
  var wire: Mesh_Waypoint_V1_RoutePolicy {
    .with {
      $0.timeoutMs = WireMilliseconds.encode(timeout)
      if let retry {
        $0.retry = .with {
          $0.attempts = UInt32(clamping: retry.attempts)
          $0.perTryTimeoutMs = WireMilliseconds.encode(retry.perTryTimeout)
          $0.retryOn = retry.retryOn
        }
      }
      if let fault {
        $0.fault = .with {
          if let delay = fault.delay {
            $0.delay = .with {
              $0.fixedDelayMs = WireMilliseconds.encode(delay.fixedDelay)
              $0.percentage = delay.percentage
            }
          }
          if let abort = fault.abort {
            $0.abort = .with {
              $0.httpStatus = UInt32(clamping: abort.httpStatus)
              $0.percentage = abort.percentage
            }
          }
        }
      }
    }
  }

  init(wire w: Mesh_Waypoint_V1_RoutePolicy, resource r: String, field f: String) throws(WireDecodingError) {
    var fault: L7Fault?
    if w.hasFault {
      var value = L7Fault()
      if w.fault.hasDelay {
        let p = w.fault.delay.percentage
        guard (0...100).contains(p) else {
          throw WireDecodingError(resource: r, field: "\(f).fault.delay.percentage", problem: "\(p) is not in 0...100")
        }
        value.delay = L7Fault.Delay(
          fixedDelay: .milliseconds(Int64(clamping: w.fault.delay.fixedDelayMs)), percentage: p)
      }
      if w.fault.hasAbort {
        let p = w.fault.abort.percentage
        let status = Int(w.fault.abort.httpStatus)
        guard (0...100).contains(p) else {
          throw WireDecodingError(resource: r, field: "\(f).fault.abort.percentage", problem: "\(p) is not in 0...100")
        }
        guard (200...599).contains(status) else {
          throw WireDecodingError(
            resource: r, field: "\(f).fault.abort.http_status", problem: "\(status) is not an HTTP status")
        }
        value.abort = L7Fault.Abort(httpStatus: status, percentage: p)
      }
      fault = value
    }
    self.init(
      timeout: WireMilliseconds.decode(w.timeoutMs),
      retry: w.hasRetry
        ? L7Retry(
          attempts: Int(w.retry.attempts), perTryTimeout: WireMilliseconds.decode(w.retry.perTryTimeoutMs),
          retryOn: w.retry.retryOn) : nil,
      fault: fault)
  }
}
