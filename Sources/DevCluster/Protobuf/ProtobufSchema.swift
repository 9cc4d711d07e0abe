/// The shape of a Kubernetes protobuf message: field numbers to JSON names and types, from
/// `k8s.io/api`'s `generated.proto`.
struct ProtobufSchema: Sendable {
  indirect enum FieldType: Sendable {
    case string
    case bytes
    case int64
    case int32
    case bool
    case message(ProtobufSchema)
    /// `meta.v1.Time` (`seconds`, `nanos`), an RFC 3339 string in JSON.
    case time
    /// `map<string, string>`
    case stringMap
    /// `map<string, bytes>` (base64 in JSON)
    case bytesMap
  }

  struct Field: Sendable {
    var name: String
    var type: FieldType
    var repeated: Bool
  }

  var name: String
  var fields: [Int: Field]
  /// Integer fields Go's JSON leaves out when zero (`omitempty` on a non-pointer): the wire
  /// always carries them.
  var omitZero: Set<String>

  init(_ name: String, _ fields: [Int: (String, FieldType)], repeated: Set<Int> = [], omitZero: Set<String> = []) {
    self.name = name
    self.omitZero = omitZero
    var converted: [Int: Field] = [:]
    for (number, (fieldName, type)) in fields {
      converted[number] = Field(name: fieldName, type: type, repeated: repeated.contains(number))
    }
    self.fields = converted
  }
}
