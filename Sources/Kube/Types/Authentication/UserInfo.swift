/// `status.user` of a TokenReview: who a token authenticates as.
public struct UserInfo: JSONObjectConvertible {
  /// For service-account tokens: `system:serviceaccount:<namespace>:<name>`.
  public var username: String
  public var uid: String?
  public var groups: [String]
  /// Extra attributes; bound tokens carry `authentication.kubernetes.io/pod-name` and `pod-uid`.
  public var extra: [String: [String]]
  public var otherFields: [String: JSONValue]

  public init(
    username: String, uid: String? = nil, groups: [String] = [], extra: [String: [String]] = [:],
    otherFields: [String: JSONValue] = [:]
  ) {
    self.username = username
    self.uid = uid
    self.groups = groups
    self.extra = extra
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue else { return nil }
    self.username = json.string("username") ?? ""
    self.uid = json.string("uid")
    self.groups = json.strings("groups")
    var extra: [String: [String]] = [:]
    for (key, value) in json["extra"]?.objectValue ?? [:] {
      extra[key] = (value.arrayValue ?? []).compactMap(\.stringValue)
    }
    self.extra = extra
    self.otherFields = members.removingKeys(["username", "uid", "groups", "extra"])
  }

  public var json: JSONValue {
    var members = otherFields
    members["username"] = .string(username)
    members["uid"] = .text(uid)
    members["groups"] = .strings(groups)
    var extraMembers: [String: JSONValue] = [:]
    for (key, values) in extra { extraMembers[key] = .array(values.map(JSONValue.string)) }
    members["extra"] = extraMembers.isEmpty ? nil : .object(extraMembers)
    return .object(members)
  }

  /// `(namespace, name)` when `username` is a service account's
  /// (`system:serviceaccount:<namespace>:<name>`), else `nil`.
  public var serviceAccount: (namespace: String, name: String)? {
    let parts = username.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 4, parts[0] == "system", parts[1] == "serviceaccount", !parts[2].isEmpty,
      !parts[3].isEmpty
    else { return nil }
    return (String(parts[2]), String(parts[3]))
  }
}
