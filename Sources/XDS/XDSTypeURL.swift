/// Type URLs of the resources the mesh serves over Delta ADS (wire-facts §1).
public enum XDSTypeURL {
  public static let address = "type.googleapis.com/istio.workload.Address"
  public static let authorization = "type.googleapis.com/istio.security.Authorization"
}
