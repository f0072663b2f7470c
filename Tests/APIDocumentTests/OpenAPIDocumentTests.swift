import Codec
import HTTPEvents
import HTTPRouter
import Testing

@testable import APIDocument

@Suite struct OpenAPIDocumentTests {
    private func get(_ headers: [(String, String)] = []) -> HTTPResponse {
        OpenAPIDocument.response(to: HTTPRequest(method: "GET", path: OpenAPIDocument.path, headers: HTTPHeaders(headers)))
    }

    @Test func servesTheEmbeddedDocumentAsJSON() throws {
        let response = get()
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.headers["Cache-Control"] == "public, no-cache")
        #expect(response.headers["ETag"] == OpenAPIDocument.entityTag)
        let document = try JSON.parse(response.body)
        guard case .object(let object) = document else {
            Issue.record("the document is not a JSON object")
            return
        }
        #expect(object["openapi"]?.stringValue?.hasPrefix("3.0.") == true)
        #expect(object["paths"]?.objectValue?.keys.contains("/openapi.json") == true)
    }

    @Test func theEntityTagIsStrongAndQuoted() {
        let tag = OpenAPIDocument.entityTag
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && !tag.hasPrefix("W/") && tag.count == 34)
    }

    @Test(arguments: [OpenAPIDocument.entityTag, "W/" + OpenAPIDocument.entityTag, "*", "\"other\", " + OpenAPIDocument.entityTag])
    func aCurrentTagIsNotModified(ifNoneMatch: String) {
        let response = get([("If-None-Match", ifNoneMatch)])
        #expect(response.status == 304)
        #expect(response.body.isEmpty)
        #expect(response.headers["ETag"] == OpenAPIDocument.entityTag)
        #expect(response.headers["Cache-Control"] == "public, no-cache")
        #expect(response.headers["Content-Type"] == nil)
    }

    @Test(arguments: ["\"other\"", "", "garbage", "W/\"0\""])
    func anyOtherTagGetsTheDocument(ifNoneMatch: String) {
        let response = get([("If-None-Match", ifNoneMatch)])
        #expect(response.status == 200)
        #expect(!response.body.isEmpty)
    }
}
