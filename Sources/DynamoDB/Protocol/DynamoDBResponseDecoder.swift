import Codec

/// Turns an HTTP answer into an operation's output or a typed `DynamoDBError`.
package enum DynamoDBResponseDecoder {
    public static func decode<Operation: DynamoDBOperation>(
        _ operation: Operation.Type, status: Int, body: [UInt8]
    ) throws(DynamoDBError) -> Operation.Output {
        guard status == 200 else { throw error(status: status, errorTypeHeader: nil, body: body) }
        guard let object = try? JSON.parse(body).objectValue else {
            throw .invalidResponse(status: status, detail: "the body is not a JSON object: \(excerpt(body))")
        }
        do {
            return try Operation.decodeOutput(object)
        } catch {
            throw .invalidResponse(status: status, detail: "malformed \(Operation.name) response: \(error)")
        }
    }

    /// DynamoDB errors are `{"__type": "com.amazonaws.dynamodb.v20120810#Code", "message": "..."}`
    /// (some services spell it `Message`). A refusal in front of the service (401/403) may come in another
    /// form (XML); it is still an authentication error, named by the `x-amzn-ErrorType` header when there
    /// is one. Anything else is an invalid response.
    public static func error(status: Int, errorTypeHeader: String?, body: [UInt8]) -> DynamoDBError {
        let object = try? JSON.parse(body).objectValue
        guard let object, let type = object["__type"]?.stringValue else {
            if status == 401 || status == 403 {
                let code = errorTypeHeader.flatMap { $0.split(separator: ":").first.map(String.init) } ?? "HTTP\(status)"
                return .authentication(code: code, message: excerpt(body))
            }
            return .invalidResponse(status: status, detail: "not a DynamoDB error: \(excerpt(body))")
        }
        let code = type.split(separator: "#").last.map(String.init) ?? type
        let message = object["message"]?.stringValue ?? object["Message"]?.stringValue ?? ""
        switch code {
        case "ConditionalCheckFailedException":
            return .conditionalCheckFailed(item: try? object.optionalItem("Item"))
        case "TransactionCanceledException":
            return .transactionCanceled(reasons: cancellationReasons(object["CancellationReasons"]))
        case "ValidationException":
            return .validation(message)
        case "ResourceNotFoundException":
            return .resourceNotFound(message)
        case "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded":
            return .throttled(code: code, message: message)
        case "UnrecognizedClientException", "InvalidSignatureException", "AccessDeniedException",
            "MissingAuthenticationTokenException", "ExpiredTokenException", "IncompleteSignatureException",
            // The generic AWS spellings of the same refusals.
            "SignatureDoesNotMatch", "InvalidClientTokenId", "AccessDenied":
            return .authentication(code: code, message: message)
        default:
            return status >= 500 ? .serviceError(status: status, code: code, message: message)
                : .other(status: status, code: code, message: message)
        }
    }

    private static func cancellationReasons(_ json: JSON?) -> [CancellationReason] {
        (json?.arrayValue ?? []).map { reason in
            CancellationReason(
                code: reason["Code"]?.stringValue ?? "None",
                message: reason["Message"]?.stringValue,
                item: reason.objectValue.flatMap { try? $0.optionalItem("Item") })
        }
    }

    /// The start of a body, printable, for error messages.
    static func excerpt(_ body: [UInt8]) -> String {
        if body.isEmpty { return "(empty body)" }
        let text = String(decoding: body.prefix(160), as: UTF8.self)
        let printable = String(text.unicodeScalars.map { $0.value < 0x20 ? " " : Character($0) })
        return body.count > 160 ? printable + "…" : printable
    }
}
