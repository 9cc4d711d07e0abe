import Foundation
import Kube

/// The runner's writes that are not pod status: Node objects, scheduling, and events.
extension NodeRunner {
  static let eventType = ResourceType(
    group: "", version: "v1", kind: "Event", plural: "events", namespaced: true, shortNames: ["ev"])

  /// Creates (or refreshes) a Node per planned node: its InternalIP, pod CIDR and Ready.
  func registerNodes(client: KubeClient) async throws(NodeRunnerError) {
    for node in topology.nodes {
      var object = KubeObject(type: .node, name: node.name, labels: ["kubernetes.io/hostname": node.name])
      object.spec = ["podCIDR": .string(node.podCIDR), "podCIDRs": [.string(node.podCIDR)]]
      do {
        _ = try await client.create(object, as: .node)
      } catch where error.isAlreadyExists {
        // Registered by an earlier run: the status below refreshes it.
      } catch {
        throw NodeRunnerError("cannot register node \(node.name) with the API server: \(error.message)")
      }
      let now = Self.now()
      let status: JSONValue = [
        "addresses": [
          ["type": "InternalIP", "address": .string(node.address)],
          ["type": "Hostname", "address": .string(node.name)],
        ],
        "conditions": [
          [
            "type": "Ready", "status": "True", "reason": "KubeletReady",
            "message": "dev cluster node runner is running",
            "lastHeartbeatTime": .string(now), "lastTransitionTime": .string(now),
          ]
        ],
        "nodeInfo": [
          "kubeletVersion": "v1.31.0-mdv", "containerRuntimeVersion": "mdv://processes", "operatingSystem": "linux",
          "architecture": "amd64",
        ],
      ]
      do {
        _ = try await client.patch(.node, name: node.name, patch: ["status": status], status: true)
      } catch {
        throw NodeRunnerError("cannot write the status of node \(node.name): \(error.message)")
      }
    }
  }

  /// Binds an unscheduled pod to the node with the fewest pods (first node on a tie), as the
  /// scheduler would; the pod then comes back through the watch with its `nodeName`.
  func schedule(_ pod: KubeObject, informer: Informer) async {
    guard let client = connection?.client else { return }
    let assumed = state.withLock { $0.assumed }
    let loads = topology.nodes.map { node in
      var keys = Set(informer.list(node: node.name).map(\.key))
      for (key, bound) in assumed where bound == node.name { keys.insert(key) }
      return (node, keys.count)
    }
    guard let target = loads.min(by: { $0.1 < $1.1 })?.0 else { return }
    state.withLock { $0.assumed[pod.key] = target.name }
    do {
      _ = try await client.patch(
        .pod, namespace: pod.namespace, name: pod.name, patch: ["spec": ["nodeName": .string(target.name)]])
      logger.info("scheduled pod", metadata: ["runner.pod": "\(pod.key)", "runner.node": "\(target.name)"])
    } catch {
      logger.warning(
        "cannot bind pod to a node", metadata: ["runner.pod": "\(pod.key)", "runner.error": "\(error.message)"])
    }
  }

  /// A v1 Event about `pod` (what `kubectl describe pod` and `kubectl get events` show).
  func postEvent(pod: PodSpecView, type: String, reason: String, message: String) async {
    guard let client = connection?.client else { return }
    let now = Self.now()
    let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
    var event = KubeObject(type: Self.eventType, namespace: pod.namespace, name: "\(pod.name).\(suffix)")
    event.json["involvedObject"] = [
      "kind": "Pod", "apiVersion": "v1", "namespace": .string(pod.namespace), "name": .string(pod.name),
      "uid": .string(pod.uid),
    ]
    event.json["reason"] = .string(reason)
    event.json["message"] = .string(message)
    event.json["type"] = .string(type)
    event.json["source"] = ["component": "mdv-node-runner", "host": .string(pod.nodeName ?? "")]
    event.json["firstTimestamp"] = .string(now)
    event.json["lastTimestamp"] = .string(now)
    event.json["count"] = 1
    do {
      _ = try await client.create(event, as: Self.eventType)
    } catch {
      logger.warning("cannot record event", metadata: ["runner.pod": "\(pod.key)", "runner.error": "\(error.message)"])
    }
  }
}
