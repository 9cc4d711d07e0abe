import Kube

/// Service defaults the mesh depends on: a cluster IP from 10.96.0.0/16 (never one in use;
/// `None` kept for headless services), type ClusterIP, and per port protocol TCP and
/// targetPort = port. The allocated IP survives updates that leave it out, as in Kubernetes.
enum ServiceDefaults {
  static func onCreate(_ object: inout KubeObject, in transaction: inout Transaction) throws(KubeAPIError) {
    defaultFields(&object)
    try assignClusterIP(&object, previous: nil, in: &transaction)
  }

  static func onUpdate(
    _ object: inout KubeObject, old: KubeObject, in transaction: inout Transaction
  )
    throws(KubeAPIError)
  {
    defaultFields(&object)
    try assignClusterIP(&object, previous: old, in: &transaction)
  }

  private static func defaultFields(_ object: inout KubeObject) {
    var spec = object.spec ?? .object([:])
    if spec["type"]?.stringValue == nil { spec["type"] = "ClusterIP" }
    if spec["sessionAffinity"] == nil { spec["sessionAffinity"] = "None" }
    if let ports = spec["ports"]?.arrayValue {
      var defaulted: [JSONValue] = []
      for var port in ports {
        if port["protocol"] == nil { port["protocol"] = "TCP" }
        if port["targetPort"] == nil, let number = port["port"] { port["targetPort"] = number }
        defaulted.append(port)
      }
      spec["ports"] = .array(defaulted)
    }
    object.spec = spec
  }

  private static func assignClusterIP(
    _ object: inout KubeObject, previous: KubeObject?, in transaction: inout Transaction
  )
    throws(KubeAPIError)
  {
    var spec = object.spec ?? .object([:])
    let type = spec["type"]?.stringValue ?? "ClusterIP"
    let name = object.name
    if type == "ExternalName" {
      spec["clusterIP"] = nil
      spec["clusterIPs"] = nil
      object.spec = spec
      return
    }
    var requested = spec["clusterIP"]?.stringValue ?? ""
    let previousIP = previous?.spec?["clusterIP"]?.stringValue ?? ""
    if requested.isEmpty, !previousIP.isEmpty { requested = previousIP }
    if let previous, !previousIP.isEmpty, previous.spec?["type"]?.stringValue != "ExternalName",
      requested != previousIP
    {
      throw KubeAPIError.invalid(
        .service, name: name, [.invalid("spec.clusterIPs[0]", requested, "may not change once set")])
    }
    if requested.isEmpty {
      guard let address = transaction.allocateClusterIP() else {
        throw KubeAPIError.invalid(
          .service, name: name,
          [.invalid("spec.clusterIPs", "", "failed to allocate IP: range is full (10.96.0.0/16)")])
      }
      requested = address
    } else if requested != "None", requested != previousIP {
      guard transaction.clusterIPs.isInRange(requested) else {
        throw KubeAPIError.invalid(
          .service, name: name,
          [
            .invalid(
              "spec.clusterIPs", requested,
              "failed to allocate IP \(requested): the provided IP (\(requested)) is not in the valid range. The range of valid IPs is 10.96.0.0/16"
            )
          ])
      }
      guard !transaction.isClusterIPInUse(requested) else {
        throw KubeAPIError.invalid(
          .service, name: name,
          [
            .invalid(
              "spec.clusterIPs", requested, "failed to allocate IP \(requested): provided IP is already allocated")
          ])
      }
    }
    spec["clusterIP"] = .string(requested)
    spec["clusterIPs"] = [.string(requested)]
    if requested != "None" || spec["ipFamilies"] == nil {
      if spec["ipFamilies"] == nil { spec["ipFamilies"] = ["IPv4"] }
      if spec["ipFamilyPolicy"] == nil { spec["ipFamilyPolicy"] = "SingleStack" }
    }
    if spec["internalTrafficPolicy"] == nil { spec["internalTrafficPolicy"] = "Cluster" }
    object.spec = spec
  }
}
