/// One `endpoints` entry of an EndpointSlice: a pod (or other backend) and its addresses.
public struct Endpoint: JSONObjectConvertible {
  public var addresses: [String]
  public var conditions: EndpointConditions
  public var hostname: String?
  /// The Pod behind the addresses, when there is one.
  public var targetRef: ObjectReference?
  public var nodeName: String?
  public var zone: String?
  public var otherFields: [String: JSONValue]

  public init(
    addresses: [String], conditions: EndpointConditions = EndpointConditions(), hostname: String? = nil,
    targetRef: ObjectReference? = nil, nodeName: String? = nil, zone: String? = nil,
    otherFields: [String: JSONValue] = [:]
  ) {
    self.addresses = addresses
    self.conditions = conditions
    self.hostname = hostname
    self.targetRef = targetRef
    self.nodeName = nodeName
    self.zone = zone
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue else { return nil }
    self.addresses = json.strings("addresses")
    self.conditions = json["conditions"].flatMap(EndpointConditions.init(json:)) ?? EndpointConditions()
    self.hostname = json.string("hostname")
    self.targetRef = json["targetRef"].flatMap(ObjectReference.init(json:))
    self.nodeName = json.string("nodeName")
    self.zone = json.string("zone")
    self.otherFields = members.removingKeys([
      "addresses", "conditions", "hostname", "targetRef", "nodeName", "zone",
    ])
  }

  public var json: JSONValue {
    var members = otherFields
    // `addresses` is required by the API, so an empty list is written rather than omitted.
    members["addresses"] = .array(addresses.map(JSONValue.string))
    members["conditions"] = conditions.json
    members["hostname"] = .text(hostname)
    members["targetRef"] = targetRef?.json
    members["nodeName"] = .text(nodeName)
    members["zone"] = .text(zone)
    return .object(members)
  }
}
