import ArgumentParser
import DevCluster
import Foundation

/// `meshctl dev httpbin`: the built-in httpbin (what `docker.io/kennethreitz/httpbin` runs in the
/// dev cluster) in the foreground.
struct DevHttpbin: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "httpbin", abstract: "Serve the built-in httpbin until interrupted.")

  @Option(help: "Address to listen on.") var host = "0.0.0.0"
  @Option(help: "Port to listen on.") var port = 80

  func run() async throws {
    DevOptions.bootstrapLogging("info")
    let server = HttpbinServer()
    let bound = try await server.start(host: host, port: port)
    print("httpbin listening on \(host):\(bound)")
    fflush(nil)
    _ = await DevSignals.wait()
    await server.shutdown()
  }
}
