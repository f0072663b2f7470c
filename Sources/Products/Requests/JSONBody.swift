import Codec
import HTTPEvents

/// Reads the JSON object a POST, PUT or PATCH carries: size first (413), then the media type (415),
/// then the syntax (400 `MalformedJSON`) and the shape (an object, else 400).
public enum JSONBody {
    /// 64 KiB: far above the largest valid product, small enough to parse in a blink.
    public static let maximumBytes = 64 * 1024

    public static func object(of request: HTTPRequest) throws(ProductsError) -> JSONObject {
        guard request.body.count <= maximumBytes else { throw .payloadTooLarge(limit: maximumBytes) }
        let contentType = request.headers["Content-Type"]
        if let contentType {
            guard MediaType.isJSON(contentType) else { throw .unsupportedMediaType(contentType) }
        } else if !request.body.isEmpty {
            throw .unsupportedMediaType(nil)
        }
        guard !request.body.isEmpty else { throw .malformedJSON("the request body is empty; a JSON object is required") }
        let value: JSON
        do { value = try JSON.parse(request.body) } catch { throw .malformedJSON("the request body is not valid JSON: \(error)") }
        guard case .object(let object) = value else {
            var errors = FieldErrors()
            errors.add("body", "must be a JSON object")
            throw .validation(errors)
        }
        return object
    }
}
