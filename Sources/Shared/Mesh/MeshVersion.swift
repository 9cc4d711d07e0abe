/// The project's version, reported by every binary's `--version` and `meshctl version`.
public enum MeshVersion {
  public static let current = "0.1.0"
}
