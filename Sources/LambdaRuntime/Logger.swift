import Codec
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

public enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    case trace, debug, info, warn, error, fatal

    public var name: String {
        switch self {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info: "INFO"
        case .warn: "WARN"
        case .error: "ERROR"
        case .fatal: "FATAL"
        }
    }

    /// Accepts Lambda's names (`AWS_LAMBDA_LOG_LEVEL`: TRACE, DEBUG, INFO, WARN, ERROR, FATAL) in any case,
    /// and `warning`.
    public init?(name: String) {
        let upper = name.uppercased()
        if upper == "WARNING" { self = .warn; return }
        guard let level = LogLevel.allCases.first(where: { $0.name == upper }) else { return nil }
        self = level
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One JSON object per line on stdout, which Lambda ships to CloudWatch as structured logs:
/// `{"timestamp":…,"level":…,"message":…,"requestId":…, …context, …fields}`. Lambda's keys come first; the
/// context adds Powertools' keys (`service`, `cold_start`, `function_name`, …, see `LogContext`) that Logs
/// Insights queries use. Callers never pass secrets as fields.
public struct Logger: Sendable {
    public var minimumLevel: LogLevel
    public var requestID: String?
    /// Process- and invocation-level keys written on every line.
    public var context = LogContext()
    /// Where lines go; stdout unless a test captures them.
    private let sink: @Sendable (String) -> Void

    public init(minimumLevel: LogLevel, requestID: String? = nil, sink: @escaping @Sendable (String) -> Void = Logger.writeToStandardOutput) {
        self.minimumLevel = minimumLevel
        self.requestID = requestID
        self.sink = sink
    }

    /// Level from `AWS_LAMBDA_LOG_LEVEL`, then `LOG_LEVEL`, else INFO.
    /// The process keys (`service`, `function_name`, `function_memory_size`) come from the environment too.
    public static func fromEnvironment(_ environment: (String) -> String? = Environment.value) -> Logger {
        let name = environment("AWS_LAMBDA_LOG_LEVEL") ?? environment("LOG_LEVEL")
        var logger = Logger(minimumLevel: name.flatMap(LogLevel.init(name:)) ?? .info)
        logger.context = LogContext.fromEnvironment(environment)
        return logger
    }

    public func with(requestID: String?) -> Logger {
        var copy = self
        copy.requestID = requestID
        return copy
    }

    public func isEnabled(_ level: LogLevel) -> Bool { level >= minimumLevel }

    public func log(_ level: LogLevel, _ message: String, _ fields: [(String, JSON)] = []) {
        guard isEnabled(level) else { return }
        // Written straight to bytes; the same text as a `JSONObject` of these members would serialize to.
        var line: [UInt8] = []
        line.reserveCapacity(192)
        line.append(contentsOf: #"{"timestamp":"#.utf8)
        JSON.writeString(UTCTime.iso8601(epochMilliseconds: UTCTime.nowMilliseconds()), to: &line)
        line.append(contentsOf: #","level":"#.utf8)
        JSON.writeString(level.name, to: &line)
        line.append(contentsOf: #","message":"#.utf8)
        JSON.writeString(message, to: &line)
        if let requestID {
            line.append(contentsOf: #","requestId":"#.utf8)
            JSON.writeString(requestID, to: &line)
        }
        context.write(to: &line)
        for (index, (key, value)) in fields.enumerated() {
            // A field never replaces the fixed members, and the first of a repeated key wins.
            if key == "timestamp" || key == "level" || key == "message" || (requestID != nil && key == "requestId") { continue }
            if context.contains(key) { continue }
            if fields[..<index].contains(where: { $0.0 == key }) { continue }
            line.append(UInt8(ascii: ","))
            JSON.writeString(key, to: &line)
            line.append(UInt8(ascii: ":"))
            value.write(to: &line)
        }
        line.append(UInt8(ascii: "}"))
        sink(String(decoding: line, as: UTF8.self))
    }

    public func trace(_ message: String, _ fields: [(String, JSON)] = []) { log(.trace, message, fields) }
    public func debug(_ message: String, _ fields: [(String, JSON)] = []) { log(.debug, message, fields) }
    public func info(_ message: String, _ fields: [(String, JSON)] = []) { log(.info, message, fields) }
    public func warn(_ message: String, _ fields: [(String, JSON)] = []) { log(.warn, message, fields) }
    public func error(_ message: String, _ fields: [(String, JSON)] = []) { log(.error, message, fields) }

    /// One write(2) per line, so lines from a crashing process are never half-buffered; under a lock, so
    /// workers serving side by side never interleave a line (a pipe only keeps writes under 4 KiB whole).
    @Sendable public static func writeToStandardOutput(_ line: String) {
        writeToStandardOutput(bytes: Array(line.utf8))
    }

    /// The same for a line already in UTF-8 (the metrics line), without a trip through `String`.
    @Sendable public static func writeToStandardOutput(bytes line: [UInt8]) {
        var bytes = line
        bytes.append(0x0A)
        standardOutput.withLock { _ in bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { if errno == EINTR { continue } else { return } }
                offset += written
            }
        } }
    }
}

private let standardOutput = Mutex(())
