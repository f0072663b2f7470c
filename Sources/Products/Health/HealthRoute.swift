import Codec
import HTTPEvents
import HTTPRouter
import LambdaRuntime

/// `GET /health`: a liveness answer that touches no dependency, with enough to tell which deployment and
/// which process (cold or warm) answered.
public enum HealthRoute {
    public static func register(
        on router: Router, environment: (String) -> String? = Environment.value
    ) {
        // Fixed for the life of the process, so read once.
        let functionName = environment("AWS_LAMBDA_FUNCTION_NAME")
        let functionVersion = environment("AWS_LAMBDA_FUNCTION_VERSION")
        router.add("GET", "/health") { _, context in
            var body = JSONObject([
                ("status", "ok"), ("coldStart", .bool(context.isColdStart)), ("requestId", .string(context.requestID)),
            ])
            if let functionName { body["functionName"] = .string(functionName) }
            if let functionVersion { body["functionVersion"] = .string(functionVersion) }
            return .json(200, .object(body), headers: HTTPHeaders([("Cache-Control", "no-store")]))
        }
    }
}
