import Kube

/// The query of a `pods/<name>/exec` request (`?command=sh&command=-c&command=...&stdin=true`),
/// read the way kube-apiserver's `PodExecOptions` decoding reads it.
struct ExecOptions: Sendable, Equatable {
  var command: [String]
  /// Empty when the client named none; `PodStreamChecks` resolves it against the pod.
  var container: String
  var stdin: Bool
  var stdout: Bool
  var stderr: Bool
  var tty: Bool

  static func parse(_ query: QueryParameters) throws(KubeAPIError) -> ExecOptions {
    let options = ExecOptions(
      command: query.all("command"), container: query["container"] ?? "", stdin: query.flag("stdin"),
      stdout: query.flag("stdout"), stderr: query.flag("stderr"), tty: query.flag("tty"))
    // The same two refusals (and texts) as kube-apiserver's exec options validation.
    guard !options.command.isEmpty else {
      throw KubeAPIError.badRequest("you must specify at least one command for the container")
    }
    guard options.stdin || options.stdout || options.stderr else {
      throw KubeAPIError.badRequest("you must specify at least 1 of stdin, stdout, stderr")
    }
    return options
  }
}
