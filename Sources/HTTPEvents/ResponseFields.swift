import Codec

/// The pieces of a response document that several sources share.
enum ResponseFields {
    /// One header name with every value it carries; the first spelling of the name wins.
    struct HeaderGroup {
        var name: String
        var values: [String]
    }

    /// Headers grouped case-insensitively, in the order names first appear.
    static func grouped(_ headers: HTTPHeaders, excluding excluded: String? = nil) -> [HeaderGroup] {
        var groups: [HeaderGroup] = []
        for field in headers {
            if let excluded, ASCII.equalsIgnoringCase(field.name, excluded) { continue }
            if let index = groups.firstIndex(where: { ASCII.equalsIgnoringCase($0.name, field.name) }) {
                groups[index].values.append(field.value)
            } else {
                groups.append(HeaderGroup(name: field.name, values: [field.value]))
            }
        }
        return groups
    }

    /// `{"name": "value"}`; a repeated header becomes one comma-separated value (RFC 9110 §5.3).
    static func singleValueHeaders(_ groups: [HeaderGroup]) -> JSON {
        .object(JSONObject(groups.map { ($0.name, .string($0.values.joined(separator: ", "))) }))
    }

    /// `{"name": ["value", …]}`
    static func multiValueHeaders(_ groups: [HeaderGroup]) -> JSON {
        .object(JSONObject(groups.map { ($0.name, .array($0.values.map(JSON.string))) }))
    }

    /// `body` and `isBase64Encoded`: binary bodies, and any body that is not valid UTF-8, go as base64.
    static func appendBody(of response: HTTPResponse, to document: inout JSONObject) {
        if !response.isBinary, let text = UTF8Validation.string(validating: response.body) {
            document["body"] = .string(text)
            document["isBase64Encoded"] = false
        } else {
            document["body"] = .string(Base64.encode(response.body))
            document["isBase64Encoded"] = true
        }
    }
}
