import Kube

/// HTTPRoutes whose backends or parents do not exist: requests to a missing backend get 500,
/// and a route whose parent is missing is simply not used.
enum RouteChecks {
  static func findings(_ inventory: MeshInventory) -> [Finding] {
    var findings: [Finding] = []
    let services = Set(inventory.cluster.services.map { "\($0.namespace)/\($0.name)" })
    let gateways = Set(inventory.cluster.gateways.map { "\($0.namespace)/\($0.name)" })
    for route in inventory.cluster.httpRoutes {
      let object = Finding.name("HTTPRoute", route.namespace, route.name)
      for parent in route.parentRefs {
        let key = "\(parent.namespace ?? route.namespace)/\(parent.name)"
        let exists = parent.kind == "Service" ? services.contains(key) : gateways.contains(key)
        if !exists {
          findings.append(
            Finding(
              .routeParentMissing, .error, object: object,
              message: "parentRefs names \(parent.kind) \(key), which does not exist: the route is not used",
              fix:
                "kubectl get \(parent.kind == "Service" ? "services" : "gateways") -n \(parent.namespace ?? route.namespace), then fix spec.parentRefs"
            ))
        }
      }
      for (index, rule) in route.routeRules.enumerated() {
        for backend in rule.backendRefs where backend.kind == "Service" {
          let key = "\(backend.namespace ?? route.namespace)/\(backend.name)"
          if !services.contains(key) {
            findings.append(
              Finding(
                .routeBackendMissing, .error, object: object,
                message:
                  "spec.rules[\(index)].backendRefs names Service \(key), which does not exist: its share of requests fails with 500",
                fix:
                  "kubectl get services -n \(backend.namespace ?? route.namespace), then fix spec.rules[\(index)].backendRefs"
              ))
          }
        }
      }
    }
    return findings
  }
}
