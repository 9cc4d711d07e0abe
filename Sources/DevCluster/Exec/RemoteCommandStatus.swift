import Kube

/// The `metav1.Status` written on the error stream (3) as an exec ends. client-go's v4/v5
/// decoder turns `NonZeroExitCode` with an `ExitCode` cause into the exit code kubectl exits
/// with; any other failure becomes `error: <message>` and exit 1.
enum RemoteCommandStatus {
  static let success: JSONValue = ["metadata": [:], "status": "Success"]

  /// Success for 0; otherwise the failure kubelet reports. client-go parses the cause as an
  /// 8-bit unsigned number, so a code outside 0...255 (never produced by a POSIX process) is
  /// reported as 255 with the real value left in the message.
  static func exit(code: Int32, command: [String]) -> JSONValue {
    guard code != 0 else { return success }
    let reported = (0...255).contains(code) ? code : 255
    return [
      "metadata": [:], "status": "Failure",
      "message": .string(
        "command terminated with non-zero exit code: error executing command [\(command.joined(separator: " "))], "
          + "exit code \(code)"),
      "reason": "NonZeroExitCode",
      "details": ["causes": [["reason": "ExitCode", "message": .string(String(reported))]]],
    ]
  }

  /// A failure before the command ran (the pod went away, the command does not exist).
  static func failure(_ error: PodProcessError) -> JSONValue {
    let apiError = error.apiError
    return [
      "metadata": [:], "status": "Failure", "message": .string(error.message),
      "reason": .string(apiError.reason.rawValue), "code": .int(Int64(apiError.code)),
    ]
  }
}
