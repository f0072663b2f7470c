import Codec
import HTTPEvents
import Testing

@Suite struct SourceDetectionTests {
    @Test func detectsEachHandBuiltSource() throws {
        #expect(try HTTPEventSource.detect(SampleEvents.rest(path: "/")) == .restAPI)
        #expect(try HTTPEventSource.detect(SampleEvents.httpAPI(rawPath: "/")) == .httpAPI)
        #expect(try HTTPEventSource.detect(SampleEvents.functionURL(rawPath: "/")) == .functionURL)
        #expect(try HTTPEventSource.detect(SampleEvents.alb(path: "/")) == .applicationLoadBalancer)
    }

    @Test func aLookalikeDomainIsNotAFunctionURL() throws {
        var event = SampleEvents.httpAPI(rawPath: "/").objectValue!
        event["requestContext"] = ["domainName": "lambda-url.on.aws.example.com", "http": ["method": "GET"]]
        #expect(try HTTPEventSource.detect(.object(event)) == .httpAPI)
    }

    @Test(arguments: [JSON.array([]), .string("GET /"), .null, .number(1)])
    func nonObjectsAreRejected(_ event: JSON) {
        #expect(throws: HTTPEventError.notAnObject) { try HTTPEvent(event) }
    }

    @Test func sqsAndS3EventsAreNamed() {
        let sqs: JSON = ["Records": [["messageId": "1", "eventSource": "aws:sqs", "body": "hi"]]]
        let s3: JSON = ["Records": [["eventSource": "aws:s3", "s3": ["bucket": ["name": "b"]]]]]
        let sns: JSON = ["Records": [["EventSource": "aws:sns"]]]
        #expect(throws: HTTPEventError.notAnHTTPEvent("aws:sqs")) { try HTTPEventSource.detect(sqs) }
        #expect(throws: HTTPEventError.notAnHTTPEvent("aws:s3")) { try HTTPEventSource.detect(s3) }
        #expect(throws: HTTPEventError.notAnHTTPEvent("aws:sns")) { try HTTPEventSource.detect(sns) }
        #expect(HTTPEventError.notAnHTTPEvent("aws:sqs").description.contains("aws:sqs"))
        #expect(HTTPEventError.notAnHTTPEvent("aws:sqs").isUnsupportedEvent)
    }

    @Test func eventBridgeAndMethodlessObjectsAreRejected() {
        let scheduled: JSON = ["source": "aws.events", "detail-type": "Scheduled Event", "detail": [:]]
        #expect(throws: HTTPEventError.notAnHTTPEvent("EventBridge")) { try HTTPEventSource.detect(scheduled) }
        #expect(throws: HTTPEventError.missingMethod) { try HTTPEventSource.detect(["path": "/"]) }
        #expect(throws: HTTPEventError.missingMethod) { try HTTPEventSource.detect(["requestContext": ["elb": [:]]]) }
        #expect(throws: HTTPEventError.missingMethod) { try HTTPEvent(SampleEvents.rest(path: "/", method: "")) }
    }

    @Test func methodsAreUpperCased() throws {
        #expect(try HTTPEvent(SampleEvents.rest(path: "/", method: "patch")).request.method == "PATCH")
    }
}
