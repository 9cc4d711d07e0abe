import Foundation

/// Columns padded to their widest cell, two spaces apart, like `kubectl get`.
public struct TextTable: Sendable {
  public var header: [String]
  public var rows: [[String]]

  public init(_ header: [String], rows: [[String]] = []) {
    self.header = header
    self.rows = rows
  }

  public var rendered: String {
    let all = [header] + rows
    let widths = header.indices.map { column in
      all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
    }
    return all.map { row in
      row.indices.map { column in
        column == row.count - 1
          ? row[column] : row[column].padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0)
      }
      .joined()
    }
    .joined(separator: "\n") + "\n"
  }
}
