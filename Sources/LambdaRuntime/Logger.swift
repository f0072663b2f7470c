import Codec
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How severe a log line is; lines below the logger's minimum are not written.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    case trace, debug, info, warn, error, fatal

    /// The level as written in the log line (`INFO`, `WARN`, ...).
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

    /// Less severe first.
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One JSON object per line on stdout, which Lambda ships to CloudWatch as structured logs:
/// `{"timestamp":…,"level":…,"message":…,"requestId":…, …context, …fields}`. Lambda's keys come first; the
/// context adds Powertools' keys (`service`, `cold_start`, `function_name`, …, see `LogContext`) that Logs
/// Insights queries use. Callers never pass secrets as fields.
public struct Logger: Sendable {
    /// The least severe level written.
    public var minimumLevel: LogLevel
    /// The invocation's request id, added to every line as `requestId`.
    public var requestID: String?
    /// Process- and invocation-level keys written on every line.
    public var context = LogContext()
    /// Where lines go; stdout unless a test captures them.
    private let sink: @Sendable (String) -> Void

    /// A logger writing JSON lines to `sink` (standard output by default, which Lambda sends to CloudWatch Logs).
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

    /// The same logger, tagging its lines with another request id.
    public func with(requestID: String?) -> Logger {
        var copy = self
        copy.requestID = requestID
        return copy
    }

    /// Whether a line at `level` would be written; check it before building costly fields.
    public func isEnabled(_ level: LogLevel) -> Bool { level >= minimumLevel }

    /// Writes one JSON line: level, message, the context's keys, then `fields` in order.
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

    /// A `TRACE` line.
    public func trace(_ message: String, _ fields: [(String, JSON)] = []) { log(.trace, message, fields) }
    /// A `DEBUG` line.
    public func debug(_ message: String, _ fields: [(String, JSON)] = []) { log(.debug, message, fields) }
    /// An `INFO` line.
    public func info(_ message: String, _ fields: [(String, JSON)] = []) { log(.info, message, fields) }
    /// A `WARN` line.
    public func warn(_ message: String, _ fields: [(String, JSON)] = []) { log(.warn, message, fields) }
    /// An `ERROR` line.
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
