/// Splits a PEM bundle into its blocks (one string per certificate), keeping the armour.
public enum PEMBlocks {
  public static func split(_ bundle: String) -> [String] {
    var blocks: [String] = []
    var current = ""
    for line in bundle.split(separator: "\n", omittingEmptySubsequences: true) {
      current += line + "\n"
      if line.hasPrefix("-----END ") {
        blocks.append(current)
        current = ""
      }
    }
    return blocks
  }
}
