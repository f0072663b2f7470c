import Codec

extension HTTPResponseFormat {
    /// The response document as JSON text: exactly `encode(response).serialized()`. A REST API's (the shape most
    /// requests take) is written straight to bytes, without building the document first.
    public func serialized(_ response: HTTPResponse) -> [UInt8] {
        guard source == .restAPI else { return encode(response).serialized() }
        return RESTAPIEvent.serializedResponse(response, multiValueHeaders: multiValueHeaders)
    }
}

extension RESTAPIEvent {
    /// `response(_:multiValueHeaders:)` serialized, member for member in its order.
    static func serializedResponse(_ response: HTTPResponse, multiValueHeaders: Bool) -> [UInt8] {
        let groups = ResponseFields.grouped(response.headers)
        var output: [UInt8] = []
        output.reserveCapacity(response.body.count + 64 * groups.count + 96)
        output.append(contentsOf: #"{"statusCode":"#.utf8)
        output.append(contentsOf: String(response.status).utf8)
        output.append(contentsOf: #","headers":{"#.utf8)
        var first = true
        for group in groups where !multiValueHeaders || group.values.count == 1 {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            JSON.writeString(group.name, to: &output)
            output.append(UInt8(ascii: ":"))
            JSON.writeString(group.values.count == 1 ? group.values[0] : group.values.joined(separator: ", "), to: &output)
        }
        output.append(UInt8(ascii: "}"))
        if multiValueHeaders {
            output.append(contentsOf: #","multiValueHeaders":{"#.utf8)
            for (index, group) in groups.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSON.writeString(group.name, to: &output)
                output.append(contentsOf: ":[".utf8)
                for (position, value) in group.values.enumerated() {
                    if position > 0 { output.append(UInt8(ascii: ",")) }
                    JSON.writeString(value, to: &output)
                }
                output.append(UInt8(ascii: "]"))
            }
            output.append(UInt8(ascii: "}"))
        }
        // As ResponseFields.appendBody: binary bodies, and any body that is not valid UTF-8, go as base64.
        output.append(contentsOf: #","body":"#.utf8)
        if !response.isBinary, UTF8Validation.isValid(response.body) {
            response.body.withUnsafeBufferPointer { JSON.writeString(utf8: $0, to: &output) }
            output.append(contentsOf: #","isBase64Encoded":false}"#.utf8)
        } else {
            JSON.writeString(Base64.encode(response.body), to: &output)
            output.append(contentsOf: #","isBase64Encoded":true}"#.utf8)
        }
        return output
    }
}
