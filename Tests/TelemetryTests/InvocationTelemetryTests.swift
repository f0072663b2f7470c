import Codec
import Foundation
import Telemetry
import Testing

@Suite struct InvocationTelemetryTests {
    private func telemetry(_ capture: LineCapture, daemon: DaemonAddress? = nil) -> Telemetry {
        Telemetry(configuration: TelemetryConfiguration(daemonAddress: daemon), initDurationNanoseconds: 12_345_000, sink: capture.sink)
    }

    @Test func oneLinePerInvocationAndColdStartOnlyOnTheFirst() throws {
        let capture = LineCapture()
        let shared = telemetry(capture)
        for (index, requestID) in ["r1", "r2", "r3"].enumerated() {
            let invocation = shared.begin(requestID: requestID, traceHeader: nil, isColdStart: index == 0)
            invocation.recordRoute(method: "GET", template: "/products/{id}")
            invocation.recordResponse(status: 404, durationNanoseconds: 1_500_000)
            invocation.flush()
            invocation.flush()
        }
        let documents = capture.documents
        #expect(documents.count == 3)
        #expect(documents.map { $0["ColdStart"] as? Int } == [1, nil, nil])
        #expect(documents[0]["InitDuration"] as? Double == 12.345)
        #expect(documents.allSatisfy { $0["route"] as? String == "GET /products/{id}" && $0["Status4xx"] as? Int == 1 })
        #expect(documents.allSatisfy { $0["Status2xx"] as? Int == 0 && $0["Latency"] as? Double == 1.5 && $0["level"] as? String == "INFO" })
    }

    @Test func unknownMethodsAndUnmatchedPathsKeepTheRouteDimensionBounded() throws {
        let capture = LineCapture()
        let invocation = telemetry(capture).begin(requestID: "r", traceHeader: nil, isColdStart: false)
        invocation.recordRoute(method: "BREW", template: "/products")
        #expect(try invocation.documentRoute() == "OTHER /products")
        invocation.recordRoute(method: "GET", template: nil)
        #expect(try invocation.documentRoute() == "UNMATCHED")
    }

    @Test func outboundCallsAggregatePerService() throws {
        let capture = LineCapture()
        let invocation = telemetry(capture).begin(requestID: "r", traceHeader: unsampledHeader, isColdStart: false)
        let first = invocation.startCall(service: "DynamoDB", operation: "GetItem", resourceAttributes: [("table_name", "t")])
        invocation.finishCall(first, OutboundCallResult(outcome: .throttled, status: 400, retries: 3, throttles: 4, openedCircuit: true))
        let second = invocation.startCall(service: "DynamoDB", operation: "PutItem")
        invocation.finishCall(second, OutboundCallResult(outcome: .success, status: 200))
        invocation.countAuthRefusal()
        invocation.recordResponse(status: 503, durationNanoseconds: 1_000)
        invocation.flush()
        let document = try #require(capture.documents.first)
        #expect((document["DynamoDBLatency"] as? [Double])?.count == 2)
        #expect(document["DynamoDBRetries"] as? Int == 3)
        #expect(document["DynamoDBThrottles"] as? Int == 4)
        #expect(document["DynamoDBCircuitOpens"] as? Int == 1)
        #expect(document["AuthRefusals"] as? Int == 1)
        #expect(document["Status5xx"] as? Int == 1)
        // Not sampled: the header still goes downstream, under the function's segment.
        #expect(first.traceHeader == unsampledHeader && !first.isTraced)
    }

    @Test func sampledCallsSendSubsegmentsToTheDaemon() throws {
        let listener = try UDPListener()
        let capture = LineCapture()
        let shared = telemetry(capture, daemon: DaemonAddress("127.0.0.1:\(listener.port)"))
        let invocation = shared.begin(requestID: "r", traceHeader: sampledHeader, isColdStart: true)
        let call = invocation.startCall(service: "DynamoDB", operation: "GetItem", resourceAttributes: [("table_name", "products")])
        #expect(call.traceHeader == "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=\(call.id);Sampled=1;Lineage=a87bd80c:0")
        invocation.finishCall(call, OutboundCallResult(outcome: .clientError, status: 400, requestID: "REQ1", errorType: "ValidationException"))

        let (header, document) = try #require(listener.receive().flatMap(UDPListener.split))
        #expect(header == #"{"format": "json", "version": 1}"#)
        #expect(document["type"] as? String == "subsegment" && document["name"] as? String == "DynamoDB")
        #expect(document["id"] as? String == call.id && document["parent_id"] as? String == "53995c3f42cd8ad8")
        #expect(document["trace_id"] as? String == "1-5759e988-bd862e3fe1be46a994272793")
        #expect(document["namespace"] as? String == "aws" && document["error"] as? Bool == true && document["fault"] == nil)
        let aws = try #require(document["aws"] as? [String: Any])
        #expect(aws["operation"] as? String == "GetItem" && aws["table_name"] as? String == "products")
        #expect(aws["request_id"] as? String == "REQ1" && aws["retries"] as? Int == 0)
        let start = try #require(document["start_time"] as? Double), end = try #require(document["end_time"] as? Double)
        #expect(start > 1_600_000_000 && end >= start)

        invocation.recordRoute(method: "GET", template: "/products/{id}")
        invocation.recordResponse(status: 404, durationNanoseconds: 1_000)
        invocation.flush()
        let handler = try #require(listener.receive().flatMap(UDPListener.split)).document
        #expect(handler["name"] as? String == "## products")
        #expect((handler["annotations"] as? [String: Any])?["route"] as? String == "GET /products/{id}")
        #expect(shared.segmentsSent == 2 && shared.segmentsDropped == 0)
    }

    @Test func callsToOtherHTTPPeersAreRemoteAndNameTheirRequest() throws {
        let listener = try UDPListener()
        let shared = telemetry(LineCapture(), daemon: DaemonAddress("127.0.0.1:\(listener.port)"))
        let invocation = shared.begin(requestID: "r", traceHeader: sampledHeader, isColdStart: false)
        let url = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc/.well-known/jwks.json"
        let call = invocation.startCall(service: "JWKS", operation: "GetKeys", namespace: .remote, httpRequest: (method: "GET", url: url))
        invocation.finishCall(call, OutboundCallResult(outcome: .fault, status: 503, errorType: "KeyFetchError"))

        let document = try #require(listener.receive().flatMap(UDPListener.split)).document
        #expect(document["name"] as? String == "JWKS" && document["namespace"] as? String == "remote")
        #expect(document["parent_id"] as? String == "53995c3f42cd8ad8" && document["fault"] as? Bool == true)
        let http = try #require(document["http"] as? [String: Any])
        #expect((http["request"] as? [String: Any])?["url"] as? String == url)
        #expect((http["request"] as? [String: Any])?["method"] as? String == "GET")
        #expect((http["response"] as? [String: Any])?["status"] as? Int == 503)
        let exceptions = try #require((document["cause"] as? [String: Any])?["exceptions"] as? [[String: Any]])
        #expect(exceptions.first?["type"] as? String == "KeyFetchError")
    }

    @Test func unsampledInvocationsSendNothing() throws {
        let listener = try UDPListener()
        let shared = telemetry(LineCapture(), daemon: DaemonAddress("127.0.0.1:\(listener.port)"))
        for header in [unsampledHeader, "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", nil] {
            let invocation = shared.begin(requestID: "r", traceHeader: header, isColdStart: false)
            invocation.finishCall(invocation.startCall(service: "DynamoDB", operation: "GetItem"), OutboundCallResult(outcome: .success))
            invocation.flush()
        }
        #expect(listener.receive(timeoutMilliseconds: 300) == nil)
        #expect(shared.segmentsSent == 0)
    }

    @Test func aMissingDaemonNeverFailsTheCall() throws {
        // A port nobody listens on: the datagram is sent (UDP cannot tell) or dropped, and the call goes on.
        let listener = try UDPListener()
        let port = listener.port
        let shared = telemetry(LineCapture(), daemon: DaemonAddress("127.0.0.1:\(port)"))
        close(listener.descriptor)
        let invocation = shared.begin(requestID: "r", traceHeader: sampledHeader, isColdStart: false)
        for _ in 0..<50 {
            invocation.finishCall(invocation.startCall(service: "DynamoDB", operation: "GetItem"), OutboundCallResult(outcome: .success))
        }
        #expect(shared.segmentsSent + shared.segmentsDropped == 50)
    }

    @Test func configurationFromPowertoolsVariables() {
        let environment = ["POWERTOOLS_METRICS_NAMESPACE": "Shop", "POWERTOOLS_SERVICE_NAME": "catalog", "AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000"]
        let configuration = TelemetryConfiguration.fromEnvironment { environment[$0] }
        #expect(configuration.namespace == "Shop" && configuration.serviceName == "catalog" && configuration.daemonAddress?.port == 2000)
        let defaults = TelemetryConfiguration.fromEnvironment { _ in nil }
        #expect(defaults.namespace == "ProductsApi" && defaults.serviceName == "products" && defaults.daemonAddress == nil)
        #expect(!TelemetryConfiguration.fromEnvironment { $0 == "POWERTOOLS_METRICS_DISABLED" ? "true" : nil }.metricsEnabled)
    }
}

extension InvocationTelemetry {
    fileprivate func documentRoute() throws -> String? {
        recordResponse(status: 200, durationNanoseconds: 1)
        return try metricsDocument().json()["route"]?.stringValue
    }
}
