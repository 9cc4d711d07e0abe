/// The `reason` values of a Kubernetes `Status`, with the HTTP code each goes with.
public enum StatusReason: String, Sendable, Hashable {
  case badRequest = "BadRequest"
  case unauthorized = "Unauthorized"
  case forbidden = "Forbidden"
  case notFound = "NotFound"
  case alreadyExists = "AlreadyExists"
  case conflict = "Conflict"
  case gone = "Expired"
  case invalid = "Invalid"
  case methodNotAllowed = "MethodNotAllowed"
  case unsupportedMediaType = "UnsupportedMediaType"
  case notAcceptable = "NotAcceptable"
  case requestEntityTooLarge = "RequestEntityTooLarge"
  case tooManyRequests = "TooManyRequests"
  case internalError = "InternalError"
  case timeout = "Timeout"
  case serviceUnavailable = "ServiceUnavailable"
  case unknown = ""

  public var httpCode: Int {
    switch self {
    case .badRequest: 400
    case .unauthorized: 401
    case .forbidden: 403
    case .notFound: 404
    case .methodNotAllowed: 405
    case .notAcceptable: 406
    case .alreadyExists, .conflict: 409
    case .gone: 410
    case .requestEntityTooLarge: 413
    case .unsupportedMediaType: 415
    case .invalid: 422
    case .tooManyRequests: 429
    case .internalError, .unknown: 500
    case .timeout: 504
    case .serviceUnavailable: 503
    }
  }
}
