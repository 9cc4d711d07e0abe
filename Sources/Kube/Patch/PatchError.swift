/// Why a patch could not be applied: the message names the operation or field and what is wrong with it,
/// so the API server can return it verbatim in a `422`/`400` Status and a user can fix the patch.
public struct PatchError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
