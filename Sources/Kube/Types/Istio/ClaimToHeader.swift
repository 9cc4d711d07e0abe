/// One `outputClaimToHeaders` entry of a JWT rule: copy a verified claim into a request header.
public struct ClaimToHeader: JSONObjectConvertible {
  public var header: String
  public var claim: String
  public var otherFields: [String: JSONValue]

  public init(header: String, claim: String, otherFields: [String: JSONValue] = [:]) {
    self.header = header
    self.claim = claim
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let header = json.string("header"), let claim = json.string("claim")
    else { return nil }
    self.init(header: header, claim: claim, otherFields: members.removingKeys(["header", "claim"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["header"] = .string(header)
    members["claim"] = .string(claim)
    return .object(members)
  }
}
