import Codec

/// The keys Powertools for AWS Lambda writes on every log line, which people's Logs Insights queries and
/// dashboards filter on: `service`, `cold_start`, `function_name`, `function_memory_size`, `function_arn`,
/// `xray_trace_id` (the trace's Root). Process keys are read once; invocation keys are set per event.
public struct LogContext: Sendable, Equatable {
    /// `service`: the service name (`POWERTOOLS_SERVICE_NAME`).
    public var service: String?
    /// `function_name`: the function's name (`AWS_LAMBDA_FUNCTION_NAME`).
    public var functionName: String?
    /// Megabytes, as `AWS_LAMBDA_FUNCTION_MEMORY_SIZE` gives it.
    public var functionMemorySize: Int?
    /// `cold_start`: whether the line belongs to the environment's first invocation.
    public var coldStart: Bool?
    /// `function_arn`: the invoked function's ARN.
    public var functionARN: String?
    /// `xray_trace_id`: the invocation's X-Ray trace id.
    public var xrayTraceID: String?

    /// A context with the given keys; absent ones are left out of the line.
    public init(
        service: String? = nil, functionName: String? = nil, functionMemorySize: Int? = nil, coldStart: Bool? = nil,
        functionARN: String? = nil, xrayTraceID: String? = nil
    ) {
        self.service = service
        self.functionName = functionName
        self.functionMemorySize = functionMemorySize
        self.coldStart = coldStart
        self.functionARN = functionARN
        self.xrayTraceID = xrayTraceID
    }

    /// `POWERTOOLS_SERVICE_NAME` (default `products`), `AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`.
    public static func fromEnvironment(_ environment: (String) -> String? = Environment.value) -> LogContext {
        func present(_ name: String) -> String? {
            guard let value = environment(name), !value.isEmpty else { return nil }
            return value
        }
        return LogContext(
            service: present("POWERTOOLS_SERVICE_NAME") ?? "products", functionName: present("AWS_LAMBDA_FUNCTION_NAME"),
            functionMemorySize: present("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").flatMap { Int($0) })
    }

    /// This context with one invocation's keys (replacing the previous invocation's).
    public func invocation(coldStart: Bool, functionARN: String, xrayTraceID: String?) -> LogContext {
        var copy = self
        copy.coldStart = coldStart
        copy.functionARN = functionARN.isEmpty ? nil : functionARN
        copy.xrayTraceID = xrayTraceID
        return copy
    }

    func write(to line: inout JSONObject) {
        if let service { line["service"] = .string(service) }
        if let coldStart { line["cold_start"] = .bool(coldStart) }
        if let functionName { line["function_name"] = .string(functionName) }
        if let functionMemorySize { line["function_memory_size"] = .number(functionMemorySize) }
        if let functionARN { line["function_arn"] = .string(functionARN) }
        if let xrayTraceID { line["xray_trace_id"] = .string(xrayTraceID) }
    }

    /// The same members as `,"key":value` text, for the log line the logger writes straight to bytes.
    func write(to line: inout [UInt8]) {
        func member(_ key: String, _ value: JSON) {
            line.append(UInt8(ascii: ","))
            JSON.writeString(key, to: &line)
            line.append(UInt8(ascii: ":"))
            value.write(to: &line)
        }
        if let service { member("service", .string(service)) }
        if let coldStart { member("cold_start", .bool(coldStart)) }
        if let functionName { member("function_name", .string(functionName)) }
        if let functionMemorySize { member("function_memory_size", .number(functionMemorySize)) }
        if let functionARN { member("function_arn", .string(functionARN)) }
        if let xrayTraceID { member("xray_trace_id", .string(xrayTraceID)) }
    }

    /// Whether a field named `key` would repeat one of the members this context writes (the context wins).
    func contains(_ key: String) -> Bool {
        switch key {
        case "service": service != nil
        case "cold_start": coldStart != nil
        case "function_name": functionName != nil
        case "function_memory_size": functionMemorySize != nil
        case "function_arn": functionARN != nil
        case "xray_trace_id": xrayTraceID != nil
        default: false
        }
    }
}
