import Foundation
import LambdaRuntime
import Testing

/// Powertools' keys next to Lambda's on every line an invocation writes.
@Suite(.serialized) struct LogContextTests {
    @Test func invocationLinesCarryPowertoolsKeys() throws {
        let log = LogCapture()
        var logger = log.logger
        logger.context = LogContext.fromEnvironment {
            ["AWS_LAMBDA_FUNCTION_NAME": "products-fn", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256"][$0]
        }
        let header = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        let api = ScriptedRuntimeAPI(invocations: [invocation("r1", traceID: header), invocation("r2")])
        let handler = ClosureHandler { event, context in
            context.logger.info("inside")
            return event
        }
        try RuntimeLoop(api: api, handler: handler, logger: logger).run(invocations: 2)
        let lines = log.lines(withMessage: "inside")
        #expect(lines.count == 2)
        for line in lines {
            #expect(line["service"] as? String == "products")
            #expect(line["function_name"] as? String == "products-fn")
            #expect(line["function_memory_size"] as? Int == 256)
            #expect(line["function_arn"] as? String == "arn:aws:lambda:eu-west-1:123456789012:function:products")
            #expect(line["timestamp"] != nil && line["level"] as? String == "INFO" && line["requestId"] != nil)
        }
        #expect(lines.map { $0["cold_start"] as? Bool } == [true, false])
        #expect(lines[0]["xray_trace_id"] as? String == "1-5759e988-bd862e3fe1be46a994272793")
        #expect(lines[1]["xray_trace_id"] == nil, "a trace id must not leak into the next invocation")
    }

    @Test func serviceNameComesFromPowertoolsVariable() {
        #expect(LogContext.fromEnvironment { $0 == "POWERTOOLS_SERVICE_NAME" ? "catalog" : nil }.service == "catalog")
    }
}
