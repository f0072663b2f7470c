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
/// `{"timestamp":…,"level":…,"message":…,"requestId":…, …fields}`. Callers never pass secrets as fields.
public struct Logger: Sendable {
    public var minimumLevel: LogLevel
    public var requestID: String?
    /// Where lines go; stdout unless a test captures them.
    private let sink: @Sendable (String) -> Void

    public init(minimumLevel: LogLevel, requestID: String? = nil, sink: @escaping @Sendable (String) -> Void = Logger.writeToStandardOutput) {
        self.minimumLevel = minimumLevel
        self.requestID = requestID
        self.sink = sink
    }

    /// Level from `AWS_LAMBDA_LOG_LEVEL`, then `LOG_LEVEL`, else INFO.
    public static func fromEnvironment(_ environment: (String) -> String? = Environment.value) -> Logger {
        let name = environment("AWS_LAMBDA_LOG_LEVEL") ?? environment("LOG_LEVEL")
        return Logger(minimumLevel: name.flatMap(LogLevel.init(name:)) ?? .info)
    }

    public func with(requestID: String?) -> Logger {
        var copy = self
        copy.requestID = requestID
        return copy
    }

    public func isEnabled(_ level: LogLevel) -> Bool { level >= minimumLevel }

    public func log(_ level: LogLevel, _ message: String, _ fields: [(String, JSON)] = []) {
        guard isEnabled(level) else { return }
        var line = JSONObject()
        line["timestamp"] = .string(UTCTime.iso8601(epochMilliseconds: UTCTime.nowMilliseconds()))
        line["level"] = .string(level.name)
        line["message"] = .string(message)
        if let requestID { line["requestId"] = .string(requestID) }
        for (key, value) in fields where line[key] == nil { line[key] = value }
        sink(JSON.object(line).text)
    }

    public func trace(_ message: String, _ fields: [(String, JSON)] = []) { log(.trace, message, fields) }
    public func debug(_ message: String, _ fields: [(String, JSON)] = []) { log(.debug, message, fields) }
    public func info(_ message: String, _ fields: [(String, JSON)] = []) { log(.info, message, fields) }
    public func warn(_ message: String, _ fields: [(String, JSON)] = []) { log(.warn, message, fields) }
    public func error(_ message: String, _ fields: [(String, JSON)] = []) { log(.error, message, fields) }

    /// One write(2) per line, so lines from a crashing process are never half-buffered; under a lock, so
    /// workers serving side by side never interleave a line (a pipe only keeps writes under 4 KiB whole).
    @Sendable public static func writeToStandardOutput(_ line: String) {
        var bytes = Array(line.utf8)
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
