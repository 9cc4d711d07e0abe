extension L7Route {
  public var wire: Mesh_Waypoint_V1_Route {
    .with {
      $0.route = route
      $0.ruleIndex = UInt32(clamping: ruleIndex)
      $0.port = UInt32(clamping: port ?? 0)
      $0.matches = matches.map(\.wire)
      $0.filters = filters.map(\.wire)
      $0.backends = backends.map(\.wire)
      $0.requestTimeoutMs = WireMilliseconds.encode(requestTimeout)
      $0.backendRequestTimeoutMs = WireMilliseconds.encode(backendRequestTimeout)
    }
  }

  init(wire w: Mesh_Waypoint_V1_Route, resource r: String, field f: String) throws(WireDecodingError) {
    guard !w.matches.isEmpty else {
      throw WireDecodingError(resource: r, field: "\(f).matches", problem: "is empty (a route must match something)")
    }
    var matches: [L7RouteMatch] = []
    for (i, m) in w.matches.enumerated() {
      matches.append(try L7RouteMatch(wire: m, resource: r, field: "\(f).matches[\(i)]"))
    }
    var filters: [L7Filter] = []
    for (i, filter) in w.filters.enumerated() {
      filters.append(try L7Filter(wire: filter, resource: r, field: "\(f).filters[\(i)]"))
    }
    var backends: [L7Backend] = []
    for (i, b) in w.backends.enumerated() {
      if !b.invalidReason.isEmpty {
        backends.append(.invalid(reason: b.invalidReason, weight: Int(b.weight)))
      } else if b.service.isEmpty || b.port == 0 {
        throw WireDecodingError(
          resource: r, field: "\(f).backends[\(i)]", problem: "names no service and port and no invalid_reason")
      } else {
        backends.append(.service(key: b.service, port: Int(b.port), weight: Int(b.weight)))
      }
    }
    self.init(
      route: w.route, ruleIndex: Int(w.ruleIndex), port: w.port == 0 ? nil : Int(w.port), matches: matches,
      filters: filters, backends: backends, requestTimeout: WireMilliseconds.decode(w.requestTimeoutMs),
      backendRequestTimeout: WireMilliseconds.decode(w.backendRequestTimeoutMs))
  }
}

extension L7RouteMatch {
  var wire: Mesh_Waypoint_V1_RouteMatch {
    .with {
      $0.path = .with {
        $0.type =
          switch path.kind {
          case .exact: .exact
          case .prefix: .prefix
          case .regularExpression: .regularExpression
          }
        $0.value = path.value
      }
      $0.headers = headers.map(\.wire)
      $0.queryParams = queryParams.map(\.wire)
      $0.method = method ?? ""
    }
  }

  init(wire w: Mesh_Waypoint_V1_RouteMatch, resource r: String, field f: String) throws(WireDecodingError) {
    let kind: L7PathMatch.Kind
    switch w.path.type {
    case .exact: kind = .exact
    case .prefix: kind = .prefix
    case .regularExpression: kind = .regularExpression
    case .unspecified, .UNRECOGNIZED:
      throw WireDecodingError(resource: r, field: "\(f).path.type", problem: "is unset or unknown")
    }
    var headers: [L7StringMatch] = []
    for (i, h) in w.headers.enumerated() {
      headers.append(try L7StringMatch(wire: h, resource: r, field: "\(f).headers[\(i)]"))
    }
    var params: [L7StringMatch] = []
    for (i, q) in w.queryParams.enumerated() {
      params.append(try L7StringMatch(wire: q, resource: r, field: "\(f).query_params[\(i)]"))
    }
    self.init(
      path: L7PathMatch(kind: kind, value: w.path.value), headers: headers, queryParams: params,
      method: w.method.isEmpty ? nil : w.method)
  }
}

extension L7StringMatch {
  var wire: Mesh_Waypoint_V1_StringMatch {
    .with {
      $0.type = kind == .exact ? .exact : .regularExpression
      $0.name = name
      $0.value = value
    }
  }

  init(wire w: Mesh_Waypoint_V1_StringMatch, resource r: String, field f: String) throws(WireDecodingError) {
    guard !w.name.isEmpty else { throw WireDecodingError(resource: r, field: "\(f).name", problem: "is empty") }
    switch w.type {
    case .exact: self.init(kind: .exact, name: w.name, value: w.value)
    case .regularExpression: self.init(kind: .regularExpression, name: w.name, value: w.value)
    case .unspecified, .UNRECOGNIZED:
      throw WireDecodingError(resource: r, field: "\(f).type", problem: "is unset or unknown")
    }
  }
}

extension L7Backend {
  var wire: Mesh_Waypoint_V1_Backend {
    .with {
      switch self {
      case .service(let key, let port, let weight):
        $0.service = key
        $0.port = UInt32(clamping: port)
        $0.weight = UInt32(clamping: weight)
      case .invalid(let reason, let weight):
        $0.invalidReason = reason
        $0.weight = UInt32(clamping: weight)
      }
    }
  }
}
