/// What the API layer decided for a `pods/<name>/exec` or `pods/<name>/log` request that passed
/// every check it can make without running anything: the connection handler hands it to
/// `PodStreamServer`, which upgrades the connection or streams the log.
enum PodStreamPlan: Sendable {
  case exec(PodExecPlan)
  case logs(PodLogPlan)
}

struct PodExecPlan: Sendable {
  var request: PodExecRequest
  var options: ExecOptions
  var handshake: WebSocketHandshake
  var host: any PodProcessHost
}

struct PodLogPlan: Sendable {
  var request: PodLogRequest
  var limitBytes: Int?
  var host: any PodProcessHost
}
