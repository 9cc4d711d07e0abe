import DevCluster
import Foundation
import Kube
import MeshTestSupport
import Testing

/// Pods of the dev cluster run for real: processes in network namespaces on two nodes, status
/// written back, reachable across nodes, with the service-account files in-cluster clients read.
@Suite("Node runner (root)", .serialized)
struct RunnerClusterTests {
  @Test("pods on two nodes run, become Ready, reach each other and the API server, and go away on delete")
  func podsRunAcrossNodes() async throws {
    var topology: ClusterTopology?
    try await RunnerClusterHarness.run { cluster in
      topology = cluster.runner.topology
      try await runAcrossNodes(cluster)
    }
    // Shutdown removes the nodes, the pods' namespaces and the bridge.
    let layout = try #require(topology)
    let left = try RunnerClusterHarness.netnsNames().filter { $0.hasPrefix(layout.netnsPrefix) }
    #expect(left.isEmpty, "namespaces left after shutdown: \(left)")
    let bridge = try Tool.runBlocking(["ip", "link", "show", layout.bridge])
    #expect(bridge.status != 0, "bridge \(layout.bridge) still exists")
  }

  private func runAcrossNodes(_ cluster: RunnerClusterHarness) async throws {
    let namespace = "web"
    try await cluster.createNamespace(namespace)
    try await cluster.createPod(
      "server", namespace: namespace, node: 1, command: ["python3", "-m", "http.server", "8080"],
      container: [
        "ports": [["containerPort": 8080]],
        "readinessProbe": ["httpGet": ["port": 8080, "path": "/"], "periodSeconds": 1],
      ])
    try await cluster.createPod("client", namespace: namespace, node: 2, command: ["/bin/sleep", "3650d"])

    let server = await cluster.waitForPod("server", namespace: namespace, RunnerClusterHarness.isReady)
    let client = await cluster.waitForPod("client", namespace: namespace, RunnerClusterHarness.isReady)
    #expect(server.ok, "server pod status: \(String(describing: server.pod?.status))")
    #expect(client.ok, "client pod status: \(String(describing: client.pod?.status))")
    let serverIP = try #require(server.pod?.status?["podIP"]?.stringValue)
    let clientIP = try #require(client.pod?.status?["podIP"]?.stringValue)
    let nodes = cluster.runner.topology.nodes
    #expect(serverIP.hasPrefix(nodes[0].podPrefix + "."))
    #expect(clientIP.hasPrefix(nodes[1].podPrefix + "."))
    #expect(server.pod?.status?["hostIP"]?.stringValue == nodes[0].address)
    let statuses = server.pod?.status?["containerStatuses"]?.arrayValue ?? []
    #expect(statuses.first?["ready"]?.boolValue == true)
    #expect(statuses.first?.value(at: ["state", "running", "startedAt"])?.stringValue != nil)

    // kubectl sees what users see.
    let table = try await cluster.kubectl(["get", "pods", "-n", namespace, "-o", "wide"])
    #expect(table.status == 0, "\(table.stderr)")
    let serverRow = table.stdout.split(separator: "\n").first { $0.hasPrefix("server ") } ?? ""
    #expect(serverRow.contains("Running") && serverRow.contains("1/1") && serverRow.contains(serverIP))

    // Across nodes: node 2's pod fetches from node 1's pod.
    let fetch = try await cluster.exec("client", namespace: namespace, ["curl", "-s", "http://\(serverIP):8080/"])
    #expect(fetch.code == 0)
    #expect(fetch.stdout.contains("Directory listing"), "curl output: \(fetch.stdout.prefix(300))")

    // The server's log has the request, from the client's address.
    let sawRequest = await eventually(timeout: .seconds(5)) {
      ((try? await cluster.logs("server", namespace: namespace)) ?? "").contains("\(clientIP) - - ")
    }
    let serverLog = (try? await cluster.logs("server", namespace: namespace)) ?? ""
    #expect(sawRequest, "server log: \(serverLog)")

    // Service-account files where in-cluster clients read them.
    let account = "/var/run/secrets/kubernetes.io/serviceaccount"
    let token = try await cluster.exec("client", namespace: namespace, ["cat", "\(account)/token"])
    let review = try await cluster.client.reviewToken(token.stdout, audiences: [])
    #expect(review.authenticated)
    #expect(review.user?.username == "system:serviceaccount:\(namespace):default")
    let namespaceFile = try await cluster.exec("client", namespace: namespace, ["cat", "\(account)/namespace"])
    #expect(namespaceFile.stdout == namespace)
    let ca = try await cluster.exec("client", namespace: namespace, ["cat", "\(account)/ca.crt"])
    #expect(ca.stdout == cluster.server.caCertificatePEM)
    let resolv = try await cluster.exec("client", namespace: namespace, ["cat", "/etc/resolv.conf"])
    #expect(resolv.stdout.contains("nameserver \(cluster.runner.hostAddress)"))
    #expect(resolv.stdout.contains("search \(namespace).svc.cluster.local svc.cluster.local cluster.local"))

    // An in-cluster client reaches the API server the way client-go's in-cluster config does.
    let script =
      "curl -s -o /dev/null -w '%{http_code}' --cacert \(account)/ca.crt "
      + "-H \"Authorization: Bearer $(cat \(account)/token)\" "
      + "https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT/api/v1/namespaces/\(namespace)/pods"
    let inCluster = try await cluster.exec("client", namespace: namespace, ["sh", "-c", script])
    #expect(inCluster.stdout == "200", "in-cluster API call answered \(inCluster.stdout)")

    // Deleting a pod ends its process and removes its namespace.
    let serverNetns = cluster.runner.topology.podNetns(namespace: namespace, name: "server")
    #expect(try RunnerClusterHarness.netnsNames().contains(serverNetns))
    try await cluster.client.delete(.pod, namespace: namespace, name: "server")
    let gone = await eventually(timeout: .seconds(10)) {
      !((try? RunnerClusterHarness.netnsNames()) ?? [serverNetns]).contains(serverNetns)
    }
    #expect(gone, "netns \(serverNetns) still exists after the pod was deleted")
    let unreachable = try await cluster.exec(
      "client", namespace: namespace, ["curl", "-s", "--max-time", "1", "http://\(serverIP):8080/"])
    #expect(unreachable.code != 0)
  }

  @Test("a pod the dev cluster cannot run stays Pending with the reason on its status and in an event")
  func unrunnablePodsAreReported() async throws {
    try await RunnerClusterHarness.run(nodes: 1, reportUnrunnablePods)
  }

  private func reportUnrunnablePods(_ cluster: RunnerClusterHarness) async throws {
    let namespace = "bad"
    try await cluster.createNamespace(namespace)
    try await cluster.createPod("nginx", namespace: namespace, node: 1, command: [], image: "nginx:1.27")
    try await cluster.createPod(
      "orphan", namespace: namespace, node: 1, command: ["/bin/sleep", "60"],
      extra: ["serviceAccountName": "nobody"])
    try await cluster.createPod(
      "port-a", namespace: namespace, node: 1, command: ["/bin/sleep", "60"],
      container: ["ports": [["containerPort": 9000, "hostPort": 9000]]])
    let first = await cluster.waitForPod("port-a", namespace: namespace, RunnerClusterHarness.isReady)
    #expect(first.ok)
    try await cluster.createPod(
      "port-b", namespace: namespace, node: 1, command: ["/bin/sleep", "60"],
      container: ["ports": [["containerPort": 9000, "hostPort": 9000]]])

    for (pod, reason, mention) in [
      ("nginx", "ImageNotSupported", "nginx:1.27"), ("orphan", "ServiceAccountNotFound", "nobody"),
      ("port-b", "HostPortConflict", "9000"),
    ] {
      let waiting = await cluster.waitForPod(pod, namespace: namespace) { pod in
        pod.status?["containerStatuses"]?.arrayValue?.first?.value(at: ["state", "waiting", "reason"])?.stringValue
          == reason
      }
      #expect(waiting.ok, "\(pod): \(String(describing: waiting.pod?.status))")
      #expect(waiting.pod?.status?["phase"]?.stringValue == "Pending")
      let message =
        waiting.pod?.status?["containerStatuses"]?.arrayValue?.first?.value(at: ["state", "waiting", "message"])?
        .stringValue ?? ""
      #expect(message.contains(mention), "\(pod) message: \(message)")
      let recorded = await eventually(timeout: .seconds(5)) {
        let events = (try? await cluster.client.list(NodeRunnerTestTypes.event, namespace: namespace).items) ?? []
        return events.contains {
          $0.json.value(at: ["involvedObject", "name"])?.stringValue == pod && $0.json["reason"]?.stringValue == reason
            && ($0.json["message"]?.stringValue ?? "").contains(mention)
        }
      }
      #expect(recorded, "no \(reason) event for \(pod)")
    }
    // The pod that could run is undisturbed.
    #expect(RunnerClusterHarness.isReady(try await cluster.client.get(.pod, namespace: namespace, name: "port-a")))
  }

  @Test("container exits are reported with their code; restartPolicy Always restarts them")
  func exitsAndRestarts() async throws {
    try await RunnerClusterHarness.run(nodes: 1, reportExitsAndRestart)
  }

  private func reportExitsAndRestart(_ cluster: RunnerClusterHarness) async throws {
    let namespace = "jobs"
    try await cluster.createNamespace(namespace)
    try await cluster.createPod(
      "once", namespace: namespace, node: nil, command: ["sh", "-c", "echo hello from $POD_NAME; exit 3"],
      extra: ["restartPolicy": "Never"],
      container: ["env": [["name": "POD_NAME", "valueFrom": ["fieldRef": ["fieldPath": "metadata.name"]]]]])
    try await cluster.createPod(
      "again", namespace: namespace, node: nil, command: ["sh", "-c", "echo run; exit 1"])

    let failed = await cluster.waitForPod("once", namespace: namespace) { $0.status?["phase"]?.stringValue == "Failed" }
    #expect(failed.ok, "\(String(describing: failed.pod?.status))")
    #expect(
      failed.pod?.status?["containerStatuses"]?.arrayValue?.first?.value(at: ["state", "terminated", "exitCode"])?
        .intValue == 3)
    #expect(failed.pod?.json.value(at: ["spec", "nodeName"])?.stringValue == cluster.runner.topology.nodes[0].name)
    let log = try await cluster.logs("once", namespace: namespace)
    #expect(log == "hello from once\n")

    let restarted = await cluster.waitForPod("again", namespace: namespace) { pod in
      (pod.status?["containerStatuses"]?.arrayValue?.first?["restartCount"]?.intValue ?? 0) >= 1
    }
    #expect(restarted.ok, "\(String(describing: restarted.pod?.status))")
    #expect(restarted.pod?.status?["phase"]?.stringValue == "Running")
  }
}

enum NodeRunnerTestTypes {
  static let event = ResourceType(group: "", version: "v1", kind: "Event", plural: "events", namespaced: true)
}
