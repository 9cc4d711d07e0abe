import Foundation
import Kube

/// Decodes `application/vnd.kubernetes.protobuf` request bodies into the JSON the rest of the
/// server works with. kubectl's typed commands (`kubectl create namespace`, `create token`,
/// `auth can-i`...) send protobuf and do not fall back to JSON on a 415, so a server that wants
/// those commands to work has to read it. Only the kinds in `KubeProtobufSchemas` are read;
/// responses are always JSON, which kubectl accepts as well.
enum KubeProtobuf {
  static let contentType = "application/vnd.kubernetes.protobuf"
  /// `k8s\0`: the envelope's magic prefix.
  private static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

  static func decode(_ bytes: [UInt8]) throws(KubeAPIError) -> JSONValue {
    guard bytes.count >= 4, Array(bytes.prefix(4)) == magic else {
      throw KubeAPIError.badRequest("a protobuf body must start with the Kubernetes envelope prefix \"k8s\\x00\"")
    }
    var apiVersion = ""
    var kind = ""
    var raw: ArraySlice<UInt8> = []
    do {
      var reader = ProtobufReader(bytes[4...])
      while !reader.isAtEnd {
        let (field, wireType) = try reader.tag()
        switch (field, wireType) {
        case (1, .lengthDelimited):
          var typeMeta = ProtobufReader(try reader.lengthDelimited())
          while !typeMeta.isAtEnd {
            let (inner, innerType) = try typeMeta.tag()
            switch (inner, innerType) {
            case (1, .lengthDelimited): apiVersion = String(decoding: try typeMeta.lengthDelimited(), as: UTF8.self)
            case (2, .lengthDelimited): kind = String(decoding: try typeMeta.lengthDelimited(), as: UTF8.self)
            default: try typeMeta.skip(innerType)
            }
          }
        case (2, .lengthDelimited):
          raw = try reader.lengthDelimited()
        default:
          try reader.skip(wireType)
        }
      }
    } catch {
      throw KubeAPIError.badRequest("the protobuf envelope is malformed: \(error.reason)")
    }
    guard let schema = KubeProtobufSchemas.byKind["\(apiVersion)/\(kind)"] else {
      throw KubeAPIError.unsupportedMediaType(
        contentType + " for \(kind.isEmpty ? "this kind" : kind)",
        accepted: ["application/json", "application/yaml"])
    }
    var object: JSONValue
    do {
      object = try decodeMessage(raw, schema: schema)
    } catch let failure as ProtobufReader.Failure {
      throw KubeAPIError.badRequest("the protobuf \(kind) is malformed: \(failure.reason)")
    } catch let unsupported as Unsupported {
      throw KubeAPIError(
        .unsupportedMediaType,
        "the dev cluster cannot read field \(unsupported.field) of \(unsupported.message) in protobuf; send this \(kind) as JSON (kubectl apply -f)"
      )
    } catch {
      throw KubeAPIError.badRequest("the protobuf \(kind) is malformed: \(error)")
    }
    object["apiVersion"] = .string(apiVersion)
    object["kind"] = .string(kind)
    return object
  }

  private struct Unsupported: Error {
    var message: String
    var field: Int
  }

  private static func decodeMessage(_ bytes: ArraySlice<UInt8>, schema: ProtobufSchema) throws -> JSONValue {
    var reader = ProtobufReader(bytes)
    var members: [String: JSONValue] = [:]
    while !reader.isAtEnd {
      let (number, wireType) = try reader.tag()
      guard let field = schema.fields[number] else {
        guard try isZero(&reader, wireType: wireType) else { throw Unsupported(message: schema.name, field: number) }
        continue
      }
      let value = try decodeValue(&reader, wireType: wireType, type: field.type)
      switch field.type {
      case .stringMap, .bytesMap:
        var map = members[field.name]?.objectValue ?? [:]
        if let entry = value.objectValue { for (key, item) in entry { map[key] = item } }
        members[field.name] = .object(map)
      default:
        if field.repeated {
          members[field.name] = .array((members[field.name]?.arrayValue ?? []) + [value])
        } else {
          members[field.name] = value
        }
      }
    }
    // Go's JSON leaves out empty optional scalars; the wire carries them.
    for (name, value) in members {
      switch value {
      case .string(""), .null: members[name] = nil
      case .int(0) where schema.omitZero.contains(name): members[name] = nil
      default: break
      }
    }
    return .object(members)
  }

  /// Whether the next value holds nothing: 0, an empty string, or a message of such values.
  private static func isZero(_ reader: inout ProtobufReader, wireType: ProtobufReader.WireType) throws -> Bool {
    switch wireType {
    case .varint: return try reader.varint() == 0
    case .fixed32, .fixed64:
      try reader.skip(wireType)
      return false
    case .lengthDelimited:
      let content = try reader.lengthDelimited()
      if content.isEmpty { return true }
      var inner = ProtobufReader(content)
      do {
        while !inner.isAtEnd {
          let (_, innerType) = try inner.tag()
          guard try isZero(&inner, wireType: innerType) else { return false }
        }
        return true
      } catch {
        return false  // not a message: a non-empty string or bytes
      }
    }
  }

  private static func decodeValue(
    _ reader: inout ProtobufReader, wireType: ProtobufReader.WireType, type: ProtobufSchema.FieldType
  ) throws -> JSONValue {
    switch type {
    case .string:
      return .string(String(decoding: try reader.lengthDelimited(), as: UTF8.self))
    case .bytes:
      return .string(Data(try reader.lengthDelimited()).base64EncodedString())
    case .int64:
      return .int(Int64(bitPattern: try reader.varint()))
    case .int32:
      return .int(Int64(Int32(truncatingIfNeeded: try reader.varint())))
    case .bool:
      return .bool(try reader.varint() != 0)
    case .message(let schema):
      return try decodeMessage(try reader.lengthDelimited(), schema: schema)
    case .time:
      var inner = ProtobufReader(try reader.lengthDelimited())
      var seconds: Int64 = 0
      while !inner.isAtEnd {
        let (number, innerType) = try inner.tag()
        if number == 1, innerType == .varint {
          seconds = Int64(bitPattern: try inner.varint())
        } else {
          try inner.skip(innerType)
        }
      }
      return seconds == 0 ? .null : .string(Timestamps.format(Date(timeIntervalSince1970: TimeInterval(seconds))))
    case .stringMap, .bytesMap:
      var entry = ProtobufReader(try reader.lengthDelimited())
      var key = ""
      var value: JSONValue = .string("")
      while !entry.isAtEnd {
        let (number, entryType) = try entry.tag()
        switch number {
        case 1: key = String(decoding: try entry.lengthDelimited(), as: UTF8.self)
        case 2:
          let bytes = try entry.lengthDelimited()
          if case .bytesMap = type {
            value = .string(Data(bytes).base64EncodedString())
          } else {
            value = .string(String(decoding: bytes, as: UTF8.self))
          }
        default: try entry.skip(entryType)
        }
      }
      return .object([key: value])
    }
  }
}
