extension L7Filter {
  var wire: Mesh_Waypoint_V1_Filter {
    .with {
      switch self {
      case .requestHeaderModifier(let m): $0.requestHeaderModifier = m.wire
      case .responseHeaderModifier(let m): $0.responseHeaderModifier = m.wire
      case .requestRedirect(let redirect):
        $0.requestRedirect = .with {
          $0.scheme = redirect.scheme ?? ""
          $0.hostname = redirect.hostname ?? ""
          $0.port = UInt32(clamping: redirect.port ?? 0)
          if let path = redirect.path { $0.path = path.wire }
          $0.statusCode = UInt32(clamping: redirect.statusCode)
        }
      case .urlRewrite(let rewrite):
        $0.urlRewrite = .with {
          $0.hostname = rewrite.hostname ?? ""
          if let path = rewrite.path { $0.path = path.wire }
        }
      }
    }
  }

  init(wire w: Mesh_Waypoint_V1_Filter, resource r: String, field f: String) throws(WireDecodingError) {
    switch w.kind {
    case .requestHeaderModifier(let m): self = .requestHeaderModifier(L7HeaderModifier(wire: m))
    case .responseHeaderModifier(let m): self = .responseHeaderModifier(L7HeaderModifier(wire: m))
    case .requestRedirect(let redirect):
      self = .requestRedirect(
        L7Redirect(
          scheme: redirect.scheme.isEmpty ? nil : redirect.scheme,
          hostname: redirect.hostname.isEmpty ? nil : redirect.hostname,
          port: redirect.port == 0 ? nil : Int(redirect.port),
          path: redirect.hasPath ? try L7PathModifier(wire: redirect.path, resource: r, field: "\(f).path") : nil,
          statusCode: redirect.statusCode == 0 ? 302 : Int(redirect.statusCode)))
    case .urlRewrite(let rewrite):
      self = .urlRewrite(
        L7Rewrite(
          hostname: rewrite.hostname.isEmpty ? nil : rewrite.hostname,
          path: rewrite.hasPath ? try L7PathModifier(wire: rewrite.path, resource: r, field: "\(f).path") : nil))
    case nil: throw WireDecodingError(resource: r, field: f, problem: "has no filter kind (unknown to this agent?)")
    }
  }
}

extension L7HeaderModifier {
  var wire: Mesh_Waypoint_V1_HeaderModifier {
    .with {
      $0.set = set.map(\.wire)
      $0.add = add.map(\.wire)
      $0.remove = remove
    }
  }

  init(wire w: Mesh_Waypoint_V1_HeaderModifier) {
    self.init(
      set: w.set.map { L7Header(name: $0.name, value: $0.value) },
      add: w.add.map { L7Header(name: $0.name, value: $0.value) }, remove: w.remove)
  }
}

extension L7Header {
  var wire: Mesh_Waypoint_V1_Header {
    .with {
      $0.name = name
      $0.value = value
    }
  }
}

extension L7PathModifier {
  var wire: Mesh_Waypoint_V1_PathModifier {
    .with {
      switch self {
      case .replaceFullPath(let value):
        $0.type = .replaceFullPath
        $0.value = value
      case .replacePrefixMatch(let value):
        $0.type = .replacePrefixMatch
        $0.value = value
      }
    }
  }

  init(wire w: Mesh_Waypoint_V1_PathModifier, resource r: String, field f: String) throws(WireDecodingError) {
    switch w.type {
    case .replaceFullPath: self = .replaceFullPath(w.value)
    case .replacePrefixMatch: self = .replacePrefixMatch(w.value)
    case .unspecified, .UNRECOGNIZED:
      throw WireDecodingError(resource: r, field: "\(f).type", problem: "is unset or unknown")
    }
  }
}
