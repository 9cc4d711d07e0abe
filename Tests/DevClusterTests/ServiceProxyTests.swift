import DevCluster
import Foundation
import Kube
import MeshTestSupport
import Testing

@Suite("Service proxy rules")
struct ServiceProxyRuleTests {
  static func service(_ name: String, ip: String, ports: [ServicePortSpec]) -> KubeService {
    var service = KubeService(namespace: "apps", name: name)
    service.clusterIP = ip
    service.ports = ports
    return service
  }

  static func slice(_ service: String, port: Int, name: String = "http", endpoints: [(String, Bool, Bool)]) -> EndpointSlice {
    var slice = EndpointSlice(namespace: "apps", name: "\(service)-abc", serviceName: service)
    slice.ports = [EndpointPort(name: name, port: port)]
    slice.endpoints = endpoints.map { address, ready, terminating in
      Endpoint(addresses: [address], conditions: EndpointConditions(ready: ready, serving: true, terminating: terminating))
    }
    return slice
  }

  @Test func portalsUseReadyEndpointsAndFallBackToTerminatingServing() {
    let web = Self.service("web", ip: "10.96.0.10", ports: [ServicePortSpec(name: "http", port: 8000, targetPort: 80)])
    let db = Self.service("db", ip: "10.96.0.11", ports: [ServicePortSpec(name: "http", port: 5432)])
    let headless = Self.service("raw", ip: "None", ports: [ServicePortSpec(name: "http", port: 1)])
    let portals = ServiceProxyRules.portals(
      services: [web, db, headless],
      slices: [
        Self.slice("web", port: 80, endpoints: [("10.244.1.3", true, false), ("10.244.1.2", true, false), ("10.244.1.9", false, true)]),
        Self.slice("db", port: 5432, endpoints: [("10.244.2.5", false, true)]),
      ])
    #expect(portals.map(\.clusterIP) == ["10.96.0.10", "10.96.0.11"])
    #expect(portals[0].endpoints.map(\.description) == ["10.244.1.2:80", "10.244.1.3:80"])
    #expect(portals[1].endpoints.map(\.description) == ["10.244.2.5:5432"])
  }

  @Test func rendersKubeProxyShapedRulesWithEqualShares() {
    let web = Self.service("web", ip: "10.96.0.10", ports: [ServicePortSpec(name: "http", port: 8000, targetPort: 80)])
    let endpoints = [("10.244.1.1", true, false), ("10.244.1.2", true, false), ("10.244.1.3", true, false)]
    let portals = ServiceProxyRules.portals(services: [web], slices: [Self.slice("web", port: 80, endpoints: endpoints)])
    let text = ServiceProxyRules.render(portals)
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.first == "*nat")
    #expect(lines.last == "COMMIT")
    #expect(lines.contains("-A PREROUTING -m comment --comment \"mesh dev cluster service portals\" -j MDC-SERVICES"))
    #expect(lines.contains("-A OUTPUT -m comment --comment \"mesh dev cluster service portals\" -j MDC-SERVICES"))
    let portal = lines.filter { $0.hasPrefix("-A MDC-SERVICES ") }
    #expect(portal.count == 1)
    #expect(portal.first?.contains("-d 10.96.0.10/32 -p tcp") == true)
    #expect(portal.first?.contains("--dport 8000 -j MDC-SVC-") == true)
    let shares = lines.filter { $0.hasPrefix("-A MDC-SVC-") }
    #expect(shares.count == 3)
    #expect(shares[0].contains("--probability 0.3333333333"))
    #expect(shares[1].contains("--probability 0.5000000000"))
    #expect(!shares[2].contains("--probability"))
    let dnat = lines.filter { $0.contains("-j DNAT") }.map { $0.components(separatedBy: "--to-destination ").last ?? "" }
    #expect(dnat == ["10.244.1.1:80", "10.244.1.2:80", "10.244.1.3:80"])
    // Same input, same text: chain names are stable hashes.
    #expect(ServiceProxyRules.render(portals) == text)
  }

  @Test func rewriteKeepsJumpsOnceAndDeletesStaleChains() {
    let saved = """
      *filter
      :INPUT ACCEPT [0:0]
      COMMIT
      *nat
      :PREROUTING ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      :POSTROUTING ACCEPT [0:0]
      :ISTIO_OUTPUT - [0:0]
      :MDC-SERVICES - [0:0]
      :MDC-POSTROUTING - [0:0]
      :MDC-MARK-MASQ - [0:0]
      :MDC-SVC-OLDOLDOLDOLDOLDO - [0:0]
      -A PREROUTING -m comment --comment "mesh dev cluster service portals" -j MDC-SERVICES
      -A OUTPUT -m comment --comment "mesh dev cluster service portals" -j MDC-SERVICES
      -A OUTPUT -j ISTIO_OUTPUT
      -A MDC-SERVICES -d 10.96.0.9/32 -p tcp -j MDC-SVC-OLDOLDOLDOLDOLDO
      COMMIT
      """
    let state = NatTableState(iptablesSave: saved)
    #expect(state.ownChains.contains("MDC-SVC-OLDOLDOLDOLDOLDO"))
    #expect(!state.ownChains.contains("ISTIO_OUTPUT"))
    let text = ServiceProxyRules.render([], existing: state)
    #expect(!text.contains("-A PREROUTING"))
    #expect(!text.contains("-A OUTPUT"))
    #expect(text.contains("-A POSTROUTING -m comment --comment \"mesh dev cluster service portals\" -j MDC-POSTROUTING"))
    #expect(text.contains(":MDC-SVC-OLDOLDOLDOLDOLDO - [0:0]\n"))
    #expect(text.contains("-X MDC-SVC-OLDOLDOLDOLDOLDO\n"))
    #expect(!text.contains("ISTIO"))
  }
}

/// Root: a node namespace with the rules and a server, a pod namespace behind a veth; both
/// reach the server through the VIP (PREROUTING for the pod, OUTPUT for the node itself).
@Suite("Service proxy in network namespaces (root)", .serialized)
struct ServiceProxyNamespaceTests {
  @Test func connectingToTheVIPReachesTheEndpoint() async throws {
    guard getuid() == 0 else {
      Issue.record("needs root: creates network namespaces and writes iptables rules")
      return
    }
    let suffix = String(UInt32.random(in: 0..<UInt32.max), radix: 36)
    let node = "mdc-node-\(suffix)"
    let pod = "mdc-pod-\(suffix)"
    defer {
      _ = try? Tool.runBlocking(["ip", "netns", "del", node])
      _ = try? Tool.runBlocking(["ip", "netns", "del", pod])
    }
    for command in [
      ["ip", "netns", "add", node], ["ip", "netns", "add", pod],
      ["ip", "-n", node, "link", "set", "lo", "up"], ["ip", "-n", pod, "link", "set", "lo", "up"],
      ["ip", "-n", node, "link", "add", "veth-node", "type", "veth", "peer", "name", "eth0", "netns", pod],
      ["ip", "-n", node, "addr", "add", "10.244.7.1/24", "dev", "veth-node"],
      ["ip", "-n", node, "link", "set", "veth-node", "up"],
      ["ip", "-n", pod, "addr", "add", "10.244.7.2/24", "dev", "eth0"],
      ["ip", "-n", pod, "link", "set", "eth0", "up"],
      ["ip", "-n", pod, "route", "add", "default", "via", "10.244.7.1"],
      ["ip", "-n", node, "route", "add", "10.96.0.0/16", "dev", "veth-node"],
    ] {
      try await Tool.ok(command)
    }
    let server = try APIServerBackgroundProcess(
      ["ip", "netns", "exec", node, "python3", "-m", "http.server", "9090", "--bind", "10.244.7.1"],
      outputPath: NSTemporaryDirectory() + "mdc-http-\(suffix).log")
    defer { server.stop() }

    var service = KubeService(namespace: "apps", name: "web")
    service.clusterIP = "10.96.77.7"
    service.ports = [ServicePortSpec(name: "http", port: 8000, targetPort: 9090)]
    var slice = EndpointSlice(namespace: "apps", name: "web-x", serviceName: "web")
    slice.ports = [EndpointPort(name: "http", port: 9090)]
    slice.endpoints = [Endpoint(addresses: ["10.244.7.1"], conditions: EndpointConditions(ready: true))]
    let applier = ServiceProxyApplier(networkNamespacePath: "/var/run/netns/\(node)")
    try await applier.apply(services: [service], slices: [slice])
    // Applying again is idempotent (no duplicate jumps).
    try await applier.apply(services: [service], slices: [slice])
    let saved = try await Tool.ok(["ip", "netns", "exec", node, "iptables-save", "-t", "nat"])
    #expect(saved.components(separatedBy: "-A PREROUTING").count == 2)

    let serverUp = await eventually(timeout: .seconds(10)) {
      let probe = try? await Tool.run(["ip", "netns", "exec", node, "curl", "-s", "-o", "/dev/null", "http://10.244.7.1:9090/"])
      return probe?.status == 0
    }
    #expect(serverUp)
    let fromPod = try await Tool.run(
      ["ip", "netns", "exec", pod, "curl", "-s", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}", "http://10.96.77.7:8000/"])
    #expect(fromPod.stdout == "200")
    let fromNode = try await Tool.run(
      ["ip", "netns", "exec", node, "curl", "-s", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}", "http://10.96.77.7:8000/"])
    #expect(fromNode.stdout == "200")

    // Without endpoints the portal disappears and the stale chains go.
    try await applier.apply(services: [service], slices: [])
    let emptied = try await Tool.ok(["ip", "netns", "exec", node, "iptables-save", "-t", "nat"])
    #expect(!emptied.contains("MDC-SVC-"))
    try await applier.remove()
    let removed = try await Tool.ok(["ip", "netns", "exec", node, "iptables-save", "-t", "nat"])
    #expect(!removed.contains("MDC-"))
  }
}
