import Codec

/// Minimal hand-built events, one per source, for the cases the fixtures do not cover.
enum SampleEvents {
    static func rest(
        path: String, stage: String = "prod", method: String = "GET", extra: [(String, JSON)] = []
    ) -> JSON {
        var event = JSONObject([
            ("httpMethod", .string(method)), ("path", .string(path)),
            ("requestContext", ["stage": .string(stage), "requestId": "rest-1", "path": .string("/\(stage)\(path)")]),
        ])
        for (key, value) in extra { event[key] = value }
        return .object(event)
    }

    static func httpAPI(rawPath: String, stage: String = "$default", rawQuery: String = "", extra: [(String, JSON)] = []) -> JSON {
        var event = JSONObject([
            ("version", "2.0"), ("rawPath", .string(rawPath)), ("rawQueryString", .string(rawQuery)),
            (
                "requestContext",
                [
                    "stage": .string(stage), "requestId": "v2-1", "domainName": "abc.execute-api.eu-west-1.amazonaws.com",
                    "http": ["method": "POST", "path": .string(rawPath), "sourceIp": "10.0.0.1"],
                ]
            ),
        ])
        for (key, value) in extra { event[key] = value }
        return .object(event)
    }

    static func functionURL(rawPath: String) -> JSON {
        [
            "version": "2.0", "rawPath": .string(rawPath), "rawQueryString": "",
            "requestContext": ["domainName": "xyz.lambda-url.eu-west-1.on.aws", "http": ["method": "GET", "path": .string(rawPath)]],
        ]
    }

    static func alb(path: String, extra: [(String, JSON)] = []) -> JSON {
        var event = JSONObject([
            ("httpMethod", "GET"), ("path", .string(path)),
            ("requestContext", ["elb": ["targetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/t/1"]]),
        ])
        for (key, value) in extra { event[key] = value }
        return .object(event)
    }
}
