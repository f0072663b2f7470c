import Codec

/// The X-Ray subsegment document for an outbound call, sent on its own (an "independent subsegment"):
/// `type: subsegment` with the trace id and the parent segment's id, `namespace: aws` so X-Ray draws the
/// service as an AWS node (`remote` for other HTTP peers), and the `aws`/`http` members X-Ray's SDKs record.
public enum Subsegment {
    public static func document(
        _ call: OutboundCall, _ result: OutboundCallResult, trace: TraceHeader, parentID: String, endedAtMicroseconds: Int64
    ) -> JSON {
        var aws = JSONObject([("operation", .string(call.operation))])
        for (key, value) in call.resourceAttributes { aws[key] = .string(value) }
        if let requestID = result.requestID { aws["request_id"] = .string(requestID) }
        aws["retries"] = .number(result.retries)

        var document = JSONObject([
            ("name", .string(call.service)), ("id", .string(call.id)), ("trace_id", .string(trace.root)),
            ("parent_id", .string(parentID)), ("type", "subsegment"),
            ("start_time", .number(WallClock.secondsText(microseconds: call.startedAtMicroseconds))),
            ("end_time", .number(WallClock.secondsText(microseconds: max(endedAtMicroseconds, call.startedAtMicroseconds)))),
            ("namespace", .string(call.namespace.rawValue)), ("aws", .object(aws)),
        ])
        var http = JSONObject()
        if let request = call.httpRequest { http["request"] = ["method": .string(request.method), "url": .string(request.url)] }
        if let status = result.status { http["response"] = ["status": .number(status)] }
        if !http.isEmpty { document["http"] = .object(http) }
        switch result.outcome {
        case .success: break
        case .clientError: document["error"] = true
        case .throttled:
            document["error"] = true
            document["throttle"] = true
        case .fault: document["fault"] = true
        }
        if let errorType = result.errorType, result.outcome != .success {
            document["cause"] = ["exceptions": [["id": .string(SegmentID.generate()), "type": .string(errorType)]]]
        }
        return .object(document)
    }
}
