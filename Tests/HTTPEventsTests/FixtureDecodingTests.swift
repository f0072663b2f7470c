import Codec
import Foundation
import HTTPEvents
import Testing

/// Every real request document decodes, and each field matches what the document itself says.
@Suite struct FixtureDecodingTests {
    @Test func theFixtureDirectoryHoldsEveryHTTPSource() {
        let names = Fixture.requestNames
        #expect(names.count >= 8, "found \(names) in \(Fixture.directory.path)")
        #expect(names.contains { $0.hasPrefix("alb-") } && names.contains { $0.hasPrefix("apigw-v2-") })
        #expect(names.contains { $0.hasPrefix("lambda-urls-") } && names.contains("apigw-request.json"))
    }

    @Test(arguments: Fixture.requestNames)
    func decodesFieldByField(_ name: String) throws {
        let document = try Fixture.document(name)
        let event = try HTTPEvent(try Fixture.json(name))
        #expect(event.source == expectedSource(name))
        let request = event.request
        let context = document["requestContext"] as? [String: Any] ?? [:]

        switch event.source {
        case .restAPI, .applicationLoadBalancer:
            #expect(request.method == document["httpMethod"] as? String)
            #expect(request.path == document["path"] as? String)
            let headers = multiValue(document, "multiValueHeaders") ?? singleValue(document, "headers")
            #expect(request.headers.fields.count == headers.count)
            for (headerName, value) in headers {
                #expect(request.headers.values(for: headerName.uppercased()).contains(value), "\(headerName)")
            }
            let query = multiValue(document, "multiValueQueryStringParameters") ?? singleValue(document, "queryStringParameters")
            #expect(sorted(request.query.map { [$0.name, $0.value] }) == sorted(query.map { [$0.0, $0.1] }))
            #expect(request.cookies.isEmpty)
        case .httpAPI, .functionURL:
            let http = context["http"] as! [String: Any]
            #expect(request.method == http["method"] as? String)
            #expect(request.path == document["rawPath"] as? String)
            let headers = singleValue(document, "headers")
            #expect(request.headers.fields.count == headers.count)
            for (headerName, value) in headers { #expect(request.headers[headerName.lowercased()] == value) }
            // Foundation's own query parser is the reference for rawQueryString.
            let raw = document["rawQueryString"] as? String ?? ""
            let expectedQuery = (URLComponents(string: "/?" + raw)?.queryItems ?? []).map { [$0.name, $0.value ?? ""] }
            #expect(request.query.map { [$0.name, $0.value] } == expectedQuery)
            #expect(request.cookies == (document["cookies"] as? [String] ?? []))
            #expect(request.sourceIP == http["sourceIp"] as? String)
        }
        #expect(request.body == Array((document["body"] as? String ?? "").utf8))
        #expect(request.gatewayRequestID == context["requestId"] as? String)
        #expect(request.pathParameters.isEmpty)
    }

    @Test func restAPIFixtureHasTheValuesItShows() throws {
        let request = try HTTPEvent(try Fixture.json("apigw-request.json")).request
        #expect(request.method == "POST")
        #expect(request.path == "/hello/world")
        #expect(request.queryValue("name") == "me")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["X-FORWARDED-FOR"] == "54.240.196.186, 54.182.214.83")
        #expect(String(decoding: request.body, as: UTF8.self) == "{\r\n\t\"a\": 1\r\n}")
        #expect(request.sourceIP == "192.168.196.186")
        #expect(request.gatewayRequestID == "deef4878-7910-11e6-8f14-25afc3e9ae33")
    }

    @Test func httpAPIFixtureKeepsRepeatedQueryParametersInOrder() throws {
        let request = try HTTPEvent(try Fixture.json("apigw-v2-request-iam.json")).request
        #expect(request.method == "GET")
        #expect(request.path == "/my/path")
        #expect(request.query.map(\.name) == ["parameter1", "parameter1", "parameter2"])
        #expect(request.query.map(\.value) == ["value1", "value2", "value"])
        #expect(request.cookies == ["cookie1", "cookie2"])
    }

    @Test func functionURLFixtureIsRecognisedByItsDomain() throws {
        let event = try HTTPEvent(try Fixture.json("lambda-urls-request.json"))
        #expect(event.source == .functionURL)
        #expect(event.request.method == "POST")
        #expect(event.request.headers["Header2"] == "value1,value2")
        #expect(String(decoding: event.request.body, as: UTF8.self) == "Hello from client!")
    }

    @Test func albFixturesDecodeAlikeWhicheverHeaderMapTheyUse() throws {
        let single = try HTTPEvent(try Fixture.json("alb-lambda-target-request-headers-only.json"))
        let multi = try HTTPEvent(try Fixture.json("alb-lambda-target-request-multivalue-headers.json"))
        for event in [single, multi] {
            #expect(event.source == .applicationLoadBalancer)
            #expect(event.request.method == "GET" && event.request.path == "/")
            #expect(event.request.queryValue("key") == "hello")
            #expect(event.request.headers["X-MyHeader"] == "123")
        }
        #expect(single.responseFormat.multiValueHeaders == false)
        #expect(multi.responseFormat.multiValueHeaders == true)
        #expect(single.request.sourceIP == "25.12.198.67")
    }

    private func expectedSource(_ name: String) -> HTTPEventSource {
        if name.hasPrefix("apigw-v2-") { return .httpAPI }
        if name.hasPrefix("apigw-") { return .restAPI }
        if name.hasPrefix("alb-") { return .applicationLoadBalancer }
        return .functionURL
    }

    private func sorted(_ pairs: [[String]]) -> [[String]] { pairs.sorted { $0.lexicographicallyPrecedes($1) } }

    private func singleValue(_ document: [String: Any], _ key: String) -> [(String, String)] {
        (document[key] as? [String: String] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    private func multiValue(_ document: [String: Any], _ key: String) -> [(String, String)]? {
        guard let map = document[key] as? [String: [String]] else { return nil }
        return map.sorted { $0.key < $1.key }.flatMap { entry in entry.value.map { (entry.key, $0) } }
    }
}
