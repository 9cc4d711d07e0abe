/// Topology position, used for locality-aware endpoint choice.
public struct Locality: Hashable, Sendable {
  public var region: String
  public var zone: String
  public var subzone: String

  public init(region: String = "", zone: String = "", subzone: String = "") {
    self.region = region
    self.zone = zone
    self.subzone = subzone
  }
}
