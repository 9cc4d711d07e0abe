@testable import DevCluster
import Kube
import Testing

/// The runner's decisions without root: names, addresses and commands of the layout, image
/// mapping, launch plans and pod status.
@Suite("Node runner plans")
struct RunnerPlanTests {
  @Test("the topology names nodes, interfaces and subnets from the cluster name")
  func topology() throws {
    let topology = try ClusterTopology(cluster: "dev", nodeCount: 2, bridgeSubnet: 0, podNetwork: 244)
    #expect(topology.bridge == "mdvdev")
    #expect(topology.bridgeAddress == "172.31.0.1")
    #expect(topology.nodes.map(\.netns) == ["mdv-dev-node1", "mdv-dev-node2"])
    #expect(topology.nodes.map(\.address) == ["172.31.0.11", "172.31.0.12"])
    #expect(topology.nodes.map(\.podCIDR) == ["10.244.1.0/24", "10.244.2.0/24"])
    #expect(topology.nodes.allSatisfy { $0.hostInterface.count <= 15 })
    #expect(topology.podNetns(namespace: "ambient-apps", name: "sleep") == "mdv-dev-ambient-apps-sleep")
    let long = topology.podNetns(namespace: "ns", name: String(repeating: "x", count: 250))
    #expect(long.utf8.count < 255 && long.hasPrefix("mdv-dev-ns-xxx"))
    #expect(ClusterTopology.podInterface(namespace: "a", name: "b").count <= 15)
    #expect(ClusterTopology.podInterface(namespace: "a", name: "b") != ClusterTopology.podInterface(namespace: "a", name: "c"))
  }

  @Test("names that would not fit an interface name are refused", arguments: ["", "toolongname", "Dev", "a-b"])
  func badClusterNames(_ name: String) {
    #expect(throws: NodeRunnerError.self) {
      try ClusterTopology(cluster: name, nodeCount: 1, bridgeSubnet: 0, podNetwork: 244)
    }
  }

  @Test("apply routes each node's pod CIDR to it, from the host and from the other nodes")
  func applySteps() throws {
    let topology = try ClusterTopology(cluster: "x", nodeCount: 2, bridgeSubnet: 7, podNetwork: 200)
    let steps = topology.applySteps().map(\.description)
    #expect(steps.contains("ip route replace 10.200.1.0/24 via 172.31.7.11 dev mdvx"))
    #expect(steps.contains("ip -n mdv-x-node1 route replace 10.200.2.0/24 via 172.31.7.12 dev eth0"))
    #expect(steps.contains("ip -n mdv-x-node2 route replace 10.200.1.0/24 via 172.31.7.11 dev eth0"))
    #expect(steps.contains("ip netns exec mdv-x-node1 sysctl -qw net.ipv4.ip_forward=1"))
    #expect(steps.first == "ip link add mdvx type bridge")
    let teardown = topology.teardownSteps(podNetns: ["mdv-x-a-b"]).map(\.description)
    #expect(teardown == ["ip netns del mdv-x-a-b", "ip netns del mdv-x-node1", "ip netns del mdv-x-node2", "ip link del mdvx"])
    #expect(topology.podNamespaces(among: ["mdv-x-node1", "mdv-x-a-b", "mdv-xy-a-b", "other"]) == ["mdv-x-a-b"])
  }

  @Test("pod addresses come from the node's /24, skip the gateway, and are reused after release")
  func addressPool() {
    var pool = PodAddressPool(prefix: "10.9.1")
    #expect(pool.allocate() == "10.9.1.2")
    #expect(pool.allocate() == "10.9.1.3")
    pool.release("10.9.1.2")
    var all: [String] = []
    while let next = pool.allocate() { all.append(next) }
    #expect(all.count == 252)
    #expect(all.last == "10.9.1.2")
    #expect(!all.contains("10.9.1.1"))
  }

  @Test(
    "images map to local commands",
    arguments: [
      ("ghcr.io/ambient-mesh/ztunnel:0.1.0", [String](), ["--capture=in-pod"], ["/b/ztunnel", "--capture=in-pod"]),
      ("ambient-mesh/controlplane", ["/usr/local/bin/controlplane"], ["--x"], ["/b/controlplane", "--x"]),
      ("curlimages/curl", ["/bin/sleep", "3650d"], [], ["/bin/sleep", "3650d"]),
      ("docker.io/curlimages/curl:8.8.0", [], ["-s", "http://a"], ["curl", "-s", "http://a"]),
      ("docker.io/kennethreitz/httpbin", [], [], ["/b/meshctl", "dev", "httpbin", "--port", "80"]),
      ("registry.local/mesh/waypoint:dev", [], [], ["/b/waypoint"]),
    ])
  func images(_ image: String, _ command: [String], _ args: [String], _ expected: [String]) {
    let resolver = ImageResolver(binDirectory: "/b", registryPrefixes: ["registry.local/mesh/"])
    #expect(resolver.resolve(image: image, command: command, args: args, firstPort: nil) == .run(expected))
  }

  @Test("httpbin listens on the container port; other images are refused by name")
  func unsupportedImages() {
    let resolver = ImageResolver(binDirectory: "/b")
    #expect(
      resolver.resolve(image: "kennethreitz/httpbin:latest", command: [], args: [], firstPort: 8080)
        == .run(["/b/meshctl", "dev", "httpbin", "--port", "8080"]))
    for image in ["nginx", "ghcr.io/other/ztunnel:1", "busybox:1.36"] {
      guard case .unsupported(let message) = resolver.resolve(image: image, command: [], args: [], firstPort: nil)
      else {
        Issue.record("\(image) should be unsupported")
        continue
      }
      #expect(message.contains("\"\(image)\"") && message.contains("curlimages/curl"))
    }
  }

  @Test("the environment carries the API server, downward-API fields and the spec's values")
  func environment() throws {
    let pod = PodSpecView(
      try KubeObject(json: [
        "apiVersion": "v1", "kind": "Pod",
        "metadata": ["name": "p", "namespace": "n", "uid": "u1"],
        "spec": [
          "nodeName": "dev-node1", "serviceAccountName": "sa",
          "containers": [
            [
              "name": "c", "image": "curlimages/curl",
              "env": [
                ["name": "A", "value": "1"], ["name": "IP", "valueFrom": ["fieldRef": ["fieldPath": "status.podIP"]]],
                ["name": "NODE", "valueFrom": ["fieldRef": ["fieldPath": "spec.nodeName"]]],
                ["name": "HOSTNAME", "value": "override"],
              ],
            ]
          ],
        ],
      ]))
    let env = PodLaunchPlan.environment(
      container: pod.containers[0], pod: pod, podIP: "10.1.1.2", hostIP: "172.31.0.11", apiHost: "172.31.0.1",
      apiPort: 6443)
    #expect(env["A"] == "1" && env["IP"] == "10.1.1.2" && env["NODE"] == "dev-node1")
    #expect(env["KUBERNETES_SERVICE_HOST"] == "172.31.0.1" && env["KUBERNETES_SERVICE_PORT"] == "6443")
    #expect(env["HOSTNAME"] == "override")
    #expect(pod.serviceAccount == "sa")
  }

  @Test("a host port taken by another pod on the node rejects the pod")
  func hostPorts() throws {
    func pod(_ name: String, hostPort: Int) throws -> PodSpecView {
      PodSpecView(
        try KubeObject(json: [
          "apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": "n", "uid": .string(name)],
          "spec": [
            "nodeName": "n1",
            "containers": [
              ["name": "c", "image": "curlimages/curl", "ports": [["containerPort": 80, "hostPort": .int(Int64(hostPort))]]]
            ],
          ],
        ]))
    }
    let resolver = ImageResolver(binDirectory: "/b")
    let first = try pod("a", hostPort: 8080)
    let clash = PodLaunchPlan.make(pod: try pod("b", hostPort: 8080), resolver: resolver, podsOnNode: [first])
    guard case .failure(let rejection) = clash else {
      Issue.record("expected a HostPortConflict")
      return
    }
    #expect(rejection.reason == "HostPortConflict" && rejection.message.contains("8080"))
    let fine = PodLaunchPlan.make(pod: try pod("c", hostPort: 8081), resolver: resolver, podsOnNode: [first])
    #expect((try? fine.get())?.containers.first?.argv == ["curl"])
  }

  @Test("phase follows the containers and the restart policy")
  func phases() {
    func input(_ policy: PodSpecView.RestartPolicy, _ phases: [ContainerState.Phase]) -> PodStatusBuilder.Input {
      PodStatusBuilder.Input(
        podIP: "10.0.0.2", hostIP: "h", startTime: "t", restartPolicy: policy,
        containers: phases.enumerated().map { ContainerState(name: "c\($0.offset)", image: "i", phase: $0.element) },
        rejection: nil, now: "t")
    }
    let ok = ContainerState.Phase.terminated(exitCode: 0, reason: "Completed", startedAt: "t", finishedAt: "t")
    let bad = ContainerState.Phase.terminated(exitCode: 2, reason: "Error", startedAt: "t", finishedAt: "t")
    let running = ContainerState.Phase.running(startedAt: "t")
    let creating = ContainerState.Phase.waiting(reason: "ContainerCreating", message: nil)
    #expect(PodStatusBuilder.phase(input(.always, [creating])) == "Pending")
    #expect(PodStatusBuilder.phase(input(.always, [running, creating])) == "Pending")
    #expect(PodStatusBuilder.phase(input(.always, [running, running])) == "Running")
    #expect(PodStatusBuilder.phase(input(.never, [ok, ok])) == "Succeeded")
    #expect(PodStatusBuilder.phase(input(.never, [ok, bad])) == "Failed")
    #expect(PodStatusBuilder.phase(input(.onFailure, [ok])) == "Succeeded")
    #expect(PodStatusBuilder.phase(input(.never, [ok, running])) == "Running")
    var rejected = input(.always, [creating])
    rejected.rejection = PodRejection(reason: "ImageNotSupported", message: "m")
    #expect(PodStatusBuilder.phase(rejected) == "Pending")
    let status = PodStatusBuilder.status(rejected)
    let ready = status["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
    #expect(ready?["status"]?.stringValue == "False")
    #expect(status["podIP"]?.stringValue == "10.0.0.2")
  }

  @Test("the sandbox enters the pod's netns and mounts, quoting paths for the shell")
  func sandbox() {
    let sandbox = PodSandbox(
      netnsPath: "/var/run/netns/mdv-x-n-p", serviceAccountDirectory: "/s/it's", resolvConfPath: "/s/resolv.conf",
      hostname: "p")
    let argv = sandbox.argv(["curl", "-s", "x y"])
    #expect(Array(argv.prefix(3)) == ["nsenter", "--net=/var/run/netns/mdv-x-n-p", "--"])
    #expect(Array(argv.suffix(3)) == ["curl", "-s", "x y"])
    let script = argv[argv.firstIndex(of: "-c")! + 1]
    #expect(script.contains("mount --bind '/s/it'\\''s' /var/run/secrets/kubernetes.io/serviceaccount"))
    #expect(script.hasSuffix("exec \"$@\""))
  }

  @Test("logs: the last lines of a file", arguments: [(nil, "a\nb\nc\n"), (2, "b\nc\n"), (5, "a\nb\nc\n"), (0, "")])
  func tail(_ lines: Int?, _ expected: String) {
    let bytes = ContainerLogReader.tail(Array("a\nb\nc\n".utf8), lines: lines)
    #expect(String(decoding: bytes, as: UTF8.self) == expected)
  }
}
