import Codec
import Foundation
import HTTPEvents
import LambdaRuntime

/// Collects the lines a Logger writes.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var lines: [JSON] { lock.withLock { stored.compactMap { try? JSON.parse($0) } } }

    func logger(_ level: LogLevel = .info) -> Logger {
        Logger(minimumLevel: level) { [self] line in lock.withLock { stored.append(line) } }
    }
}

func makeContext(requestID: String = "req-1", isColdStart: Bool = false, log: LogCapture = LogCapture()) -> LambdaContext {
    LambdaContext(requestID: requestID, deadlineEpochMilliseconds: Int64.max, isColdStart: isColdStart, logger: log.logger())
}

func request(_ method: String, _ path: String, headers: [(String, String)] = []) -> HTTPRequest {
    HTTPRequest(method: method, path: path, headers: HTTPHeaders(headers))
}

extension HTTPResponse {
    var json: JSON? { try? JSON.parse(body) }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// The real event documents in Tests/Fixtures/events.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Fixtures/events").standardized

    static var requestNames: [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return all.filter { $0.hasSuffix(".json") && $0.contains("request") }.sorted()
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}
