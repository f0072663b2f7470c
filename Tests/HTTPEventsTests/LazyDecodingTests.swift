import Codec
import HTTPEvents
import Testing

/// The lazy reader (`JSONView`, what the function uses) decodes every event exactly as the `JSON` tree does.
@Suite struct LazyDecodingTests {
    private static var samples: [(String, [UInt8])] {
        var samples = Fixture.requestNames.compactMap { name in (try? Fixture.bytes(name)).map { (name, $0) } }
        samples.append(("rest", SampleEvents.rest(
            path: "/p%20q", method: "post",
            extra: [("multiValueHeaders", ["A": ["1", "2"], "a": ["3"]]), ("body", "aGk="), ("isBase64Encoded", true)]).serialized()))
        samples.append(("http", SampleEvents.httpAPI(rawPath: "/prod/x", stage: "prod", rawQuery: "a=1&b=%20").serialized()))
        samples.append(("url", SampleEvents.functionURL(rawPath: "/x").serialized()))
        samples.append(("alb", SampleEvents.alb(path: "/y").serialized()))
        // Duplicate keys: the last value wins, in the place of the first.
        samples.append(("dup", Array(#"{"httpMethod":"GET","path":"/a","headers":{"X":"1","Y":"2","X":"3"},"path":"/b"}"#.utf8)))
        samples.append(("bad", Array(#"{"httpMethod":"GET","headers":{"X":1}}"#.utf8)))
        samples.append(("sqs", Array(#"{"Records":[{"eventSource":"aws:sqs"}]}"#.utf8)))
        samples.append(("array", Array("[1]".utf8)))
        return samples
    }

    @Test func decodesEverySampleAsTheTreeDoes() throws {
        for (name, bytes) in Self.samples {
            let tree = try JSON.parse(bytes)
            let view = try JSONDocument(parsing: bytes).root
            let treeSource = Result { () throws(HTTPEventError) in try HTTPEventSource.detect(tree) }
            let viewSource = Result { () throws(HTTPEventError) in try HTTPEventSource.detect(view) }
            #expect(String(describing: treeSource) == String(describing: viewSource), "\(name)")
            guard case .success(let source) = treeSource else { continue }
            let fromTree = Result { () throws(HTTPEventError) in try HTTPEvent(tree, source: source) }
            let fromView = Result { () throws(HTTPEventError) in try HTTPEvent(view, source: source) }
            switch (fromTree, fromView) {
            case (.success(let a), .success(let b)):
                #expect(a.responseFormat == b.responseFormat, "\(name)")
                #expect(a.request.method == b.request.method && a.request.path == b.request.path, "\(name)")
                #expect(a.request.headers == b.request.headers, "\(name)")
                #expect(a.request.query.map { [$0.name, $0.value] } == b.request.query.map { [$0.name, $0.value] }, "\(name)")
                #expect(a.request.cookies == b.request.cookies && a.request.body == b.request.body, "\(name)")
                #expect(a.request.sourceIP == b.request.sourceIP && a.request.gatewayRequestID == b.request.gatewayRequestID, "\(name)")
                #expect(a.request.basePath == b.request.basePath, "\(name)")
            case (.failure(let a), .failure(let b)): #expect(a == b, "\(name)")
            default: Issue.record("\(name): the tree and the view disagree")
            }
            #expect(HTTPResponseFormat(event: tree, source: .restAPI) == HTTPResponseFormat(event: view, source: .restAPI))
        }
    }
}
