import Codec
import HTTPEvents
import Testing

/// `HTTPResponseFormat.serialized` writes exactly the bytes of `encode(_:).serialized()`, for every source.
@Suite struct ResponseSerializationTests {
    private static let responses: [HTTPResponse] = {
        var responses = [
            HTTPResponse(status: 200),
            HTTPResponse.json(201, ["id": "1", "note": "a \"quoted\" \\ value\n"], headers: HTTPHeaders([("ETag", "\"1\""), ("Location", "/Prod/products/1")])),
            HTTPResponse(status: 204, headers: HTTPHeaders([("Set-Cookie", "a=1"), ("set-cookie", "b=2"), ("Vary", "Origin"), ("VARY", "Accept")])),
            HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "image/png")]), body: [0, 1, 2, 0xFF], isBinary: true),
            HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: [0x61, 0xC3, 0x28]),  // not UTF-8
            HTTPResponse(status: 200, headers: HTTPHeaders([("X-Ünicode", "grüße ✓")]), body: Array("日本語 \u{01}".utf8)),
            HTTPResponse(status: 503, headers: HTTPHeaders([("Retry-After", "1")]), body: Array(#"{"error":"x"}"#.utf8)),
        ]
        var many = HTTPHeaders()
        for index in 0..<40 { many.add(index % 3 == 0 ? "X-Repeated" : "X-H\(index)", "v\(index)") }
        responses.append(HTTPResponse(status: 200, headers: many, body: Array(repeating: 0x22, count: 100)))
        return responses
    }()

    @Test(arguments: [
        HTTPResponseFormat(source: .restAPI, multiValueHeaders: true), HTTPResponseFormat(source: .restAPI, multiValueHeaders: false),
        HTTPResponseFormat(source: .applicationLoadBalancer, multiValueHeaders: true),
        HTTPResponseFormat(source: .applicationLoadBalancer, multiValueHeaders: false),
        HTTPResponseFormat(source: .httpAPI), HTTPResponseFormat(source: .functionURL),
    ])
    func sameBytesAsTheDocument(_ format: HTTPResponseFormat) throws {
        for response in Self.responses {
            let expected = format.encode(response).serialized()
            let written = format.serialized(response)
            #expect(written == expected, "\(String(decoding: written, as: UTF8.self)) vs \(String(decoding: expected, as: UTF8.self))")
            #expect(try JSON.parse(written) == format.encode(response))
        }
    }
}
