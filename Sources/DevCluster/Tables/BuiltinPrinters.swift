import Foundation
import Kube

/// The server-side printers of the built-in kinds kubectl users look at most, with the columns
/// and cell texts of kube-apiserver's `pkg/printers/internalversion` (so `kubectl get pods` reads
/// like a real cluster). Cells of priority 1 are the `-o wide` extras.
enum BuiltinPrinters {
  private static func column(
    _ name: String, type: String = "string", priority: Int = 0, _ description: String
  )
    -> PrinterColumn
  {
    PrinterColumn(name: name, type: type, description: description, priority: priority)
  }

  private static let age = column("Age", PrinterColumn.age.description)

  static func columns(for storageKey: String) -> [PrinterColumn]? {
    switch storageKey {
    case ResourceType.namespace.qualifiedName:
      [.name, column("Status", "The status of the namespace"), age]
    case ResourceType.pod.qualifiedName:
      [
        .name, column("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        column("Status", "The aggregate status of the containers in this pod."),
        column(
          "Restarts",
          "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."
        ),
        age, column("IP", priority: 1, "IP address allocated to the pod. Routable at least within the cluster."),
        column("Node", priority: 1, "NodeName is a request to schedule this pod onto a specific node."),
        column(
          "Nominated Node", priority: 1, "nominatedNodeName is set only when this pod preempts other pods on the node."),
        column(
          "Readiness Gates", priority: 1, "If specified, all readiness gates will be evaluated for pod readiness."),
      ]
    case ResourceType.service.qualifiedName:
      [
        .name, column("Type", "The type of the service."), column("Cluster-IP", "The cluster IP of the service."),
        column("External-IP", "The external IPs of the service."), column("Port(s)", "The ports of the service."),
        age,
        column(
          "Selector", priority: 1, "Route service traffic to pods with label keys and values matching this selector."),
      ]
    case ResourceType.deployment.qualifiedName:
      [
        .name, column("Ready", "Number of the pod with ready state"),
        column(
          "Up-to-date", type: "integer",
          "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
        column(
          "Available", type: "integer",
          "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
        age, column("Containers", priority: 1, "Names of each container in the template."),
        column("Images", priority: 1, "Images referenced by each container in the template."),
        column(
          "Selector", priority: 1,
          "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."
        ),
      ]
    default:
      nil
    }
  }

  /// The cells for `object`, matching `columns(for:)`; nil for kinds printed as Name and Age.
  static func cells(for object: KubeObject, storageKey: String, now: Date) -> [JSONValue]? {
    let age = JSONValue.string(HumanDuration.age(of: object.creationTimestamp, now: now))
    switch storageKey {
    case ResourceType.namespace.qualifiedName:
      return [.string(object.name), .string(object.status?["phase"]?.stringValue ?? ""), age]
    case ResourceType.pod.qualifiedName:
      return podCells(object, age: age, now: now)
    case ResourceType.service.qualifiedName:
      return serviceCells(object, age: age)
    case ResourceType.deployment.qualifiedName:
      let spec = object.spec ?? .object([:])
      let status = object.status ?? .object([:])
      let containers = spec.value(at: ["template", "spec", "containers"])?.arrayValue ?? []
      let selector = (try? LabelSelector(json: spec["selector"] ?? .object([:])))?.description ?? "<invalid>"
      return [
        .string(object.name),
        .string("\(status["readyReplicas"]?.intValue ?? 0)/\(spec["replicas"]?.intValue ?? 1)"),
        .int(status["updatedReplicas"]?.intValue ?? 0), .int(status["availableReplicas"]?.intValue ?? 0), age,
        .string(containers.compactMap { $0["name"]?.stringValue }.joined(separator: ",")),
        .string(containers.compactMap { $0["image"]?.stringValue }.joined(separator: ",")),
        .string(selector.isEmpty ? "<none>" : selector),
      ]
    default:
      return nil
    }
  }

  private static func podCells(_ object: KubeObject, age: JSONValue, now: Date) -> [JSONValue] {
    let spec = object.spec ?? .object([:])
    let status = object.status ?? .object([:])
    let phase = status["phase"]?.stringValue ?? ""
    var reason = status["reason"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? phase
    var restarts: Int64 = 0
    var ready = 0
    var hasRunning = false
    var lastRestart: Date?
    for container in (status["containerStatuses"]?.arrayValue ?? []).reversed() {
      restarts += container["restartCount"]?.intValue ?? 0
      if let finished = container.value(at: ["lastState", "terminated", "finishedAt"])?.stringValue,
        let date = Timestamps.parse(finished), lastRestart.map({ $0 < date }) ?? true
      {
        lastRestart = date
      }
      let state = container["state"] ?? .object([:])
      if let waiting = state["waiting"]?["reason"]?.stringValue, !waiting.isEmpty {
        reason = waiting
      } else if let terminated = state["terminated"] {
        if let text = terminated["reason"]?.stringValue, !text.isEmpty {
          reason = text
        } else if let signal = terminated["signal"]?.intValue, signal != 0 {
          reason = "Signal:\(signal)"
        } else {
          reason = "ExitCode:\(terminated["exitCode"]?.intValue ?? 0)"
        }
      } else if container["ready"]?.boolValue == true, state["running"] != nil {
        hasRunning = true
        ready += 1
      }
    }
    if reason == "Completed", hasRunning {
      let readyCondition = (status["conditions"]?.arrayValue ?? []).contains {
        $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True"
      }
      reason = readyCondition ? "Running" : "NotReady"
    }
    if object.deletionTimestamp != nil, phase != "Succeeded", phase != "Failed" { reason = "Terminating" }
    var restartText = String(restarts)
    if restarts != 0, let lastRestart {
      restartText = "\(restarts) (\(HumanDuration.format(now.timeIntervalSince(lastRestart))) ago)"
    }
    let total = spec["containers"]?.arrayValue?.count ?? 0
    let podIP = status["podIPs"]?.arrayValue?.first?["ip"]?.stringValue ?? status["podIP"]?.stringValue ?? ""
    let node = spec["nodeName"]?.stringValue ?? ""
    let nominated = status["nominatedNodeName"]?.stringValue ?? ""
    var gates = "<none>"
    if let readinessGates = spec["readinessGates"]?.arrayValue, !readinessGates.isEmpty {
      let conditions = status["conditions"]?.arrayValue ?? []
      let passed = readinessGates.filter { gate in
        conditions.contains {
          $0["type"]?.stringValue == gate["conditionType"]?.stringValue && $0["status"]?.stringValue == "True"
        }
      }
      gates = "\(passed.count)/\(readinessGates.count)"
    }
    return [
      .string(object.name), .string("\(ready)/\(total)"), .string(reason), .string(restartText), age,
      .string(podIP.isEmpty ? "<none>" : podIP), .string(node.isEmpty ? "<none>" : node),
      .string(nominated.isEmpty ? "<none>" : nominated), .string(gates),
    ]
  }

  private static func serviceCells(_ object: KubeObject, age: JSONValue) -> [JSONValue] {
    let spec = object.spec ?? .object([:])
    let type = spec["type"]?.stringValue ?? "ClusterIP"
    let clusterIP = spec["clusterIPs"]?.arrayValue?.first?.stringValue ?? spec["clusterIP"]?.stringValue ?? "<none>"
    let externalIPs = (spec["externalIPs"]?.arrayValue ?? []).compactMap(\.stringValue)
    let external: String
    switch type {
    case "ExternalName":
      external = spec["externalName"]?.stringValue ?? "<none>"
    case "LoadBalancer":
      var addresses: [String] = []
      for ingress in object.json.value(at: ["status", "loadBalancer", "ingress"])?.arrayValue ?? [] {
        if let ip = ingress["ip"]?.stringValue, !ip.isEmpty {
          addresses.append(ip)
        } else if let host = ingress["hostname"]?.stringValue, !host.isEmpty {
          addresses.append(host)
        }
      }
      addresses += externalIPs
      external = addresses.isEmpty ? "<pending>" : addresses.joined(separator: ",")
    default:
      external = externalIPs.isEmpty ? "<none>" : externalIPs.joined(separator: ",")
    }
    var ports: [String] = []
    for port in spec["ports"]?.arrayValue ?? [] {
      let number = port["port"]?.intValue ?? 0
      let proto = port["protocol"]?.stringValue ?? "TCP"
      if let nodePort = port["nodePort"]?.intValue, nodePort != 0 {
        ports.append("\(number):\(nodePort)/\(proto)")
      } else {
        ports.append("\(number)/\(proto)")
      }
    }
    let selector = (spec["selector"]?.stringMap ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    return [
      .string(object.name), .string(type), .string(clusterIP.isEmpty ? "<none>" : clusterIP), .string(external),
      .string(ports.isEmpty ? "<none>" : ports.joined(separator: ",")), age,
      .string(selector.isEmpty ? "<none>" : selector.joined(separator: ",")),
    ]
  }
}
