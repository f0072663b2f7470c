import Codec

/// The front doors that deliver HTTP requests to a Lambda function. The raw value names it in logs.
public enum HTTPEventSource: String, Sendable, CaseIterable {
    /// API Gateway REST API proxy integration (payload format 1.0).
    case restAPI = "apigateway-rest"
    /// API Gateway HTTP API (payload format 2.0).
    case httpAPI = "apigateway-http"
    /// Application Load Balancer target group.
    case applicationLoadBalancer = "alb"
    /// Lambda function URL (payload-2.0 shaped).
    case functionURL = "function-url"

    /// Which source sent `event`; throws for anything that is not an HTTP event.
    public static func detect(_ event: JSON) throws(HTTPEventError) -> HTTPEventSource { try detecting(event) }

    /// The same, read in place from a parsed document.
    public static func detect(_ event: JSONView) throws(HTTPEventError) -> HTTPEventSource { try detecting(event) }

    private static func detecting<Value: JSONReadable>(_ object: Value) throws(HTTPEventError) -> HTTPEventSource {
        guard object.isObject else { throw .notAnObject }
        let context = object["requestContext"].flatMap { $0.isObject ? $0 : nil }
        if context?["elb"]?.isObject == true {
            guard object["httpMethod"]?.stringValue != nil else { throw .missingMethod }
            return .applicationLoadBalancer
        }
        if context?["http"]?["method"]?.stringValue != nil {
            let domain = context?["domainName"]?.stringValue ?? ""
            return isFunctionURLDomain(domain) ? .functionURL : .httpAPI
        }
        if object["httpMethod"]?.stringValue != nil { return .restAPI }
        if let kind = nonHTTPSourceName(object) { throw .notAnHTTPEvent(kind) }
        throw .missingMethod
    }

    /// `<url-id>.lambda-url.<region>.on.aws`
    static func isFunctionURLDomain(_ domain: String) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 5 else { return false }
        let tail = labels.suffix(4)
        return tail[tail.startIndex] == "lambda-url" && !tail[tail.startIndex + 1].isEmpty
            && tail[tail.startIndex + 2] == "on" && tail[tail.startIndex + 3] == "aws"
    }

    /// Names the common non-HTTP events so the error says what arrived instead.
    private static func nonHTTPSourceName<Value: JSONReadable>(_ object: Value) -> String? {
        if let records = object["Records"]?.arrayElements {
            let first = records.first
            return first?["eventSource"]?.stringValue ?? first?["EventSource"]?.stringValue ?? "Records"
        }
        if object["detail-type"] != nil, object["source"] != nil { return "EventBridge" }
        return nil
    }
}
