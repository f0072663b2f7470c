import Foundation

/// A real peer for tests, written in Python (an HTTP fixture server, moto): started with the interpreter in
/// `PEER_PYTHON` (set by `make unit-test`), else the project's `.venv`, else `python3`. The script announces
/// itself with one line on stdout; closing its stdin (or this object going away) stops it. Starting throws,
/// failing the test, when the peer cannot start: a missing peer never turns into a skipped test.
public final class PythonPeer: @unchecked Sendable {
    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The package root, for scripts addressed relative to it.
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The line the script printed when it was ready, without its newline.
    public let readyLine: String
    private let process = Process()
    private let input = Pipe()

    /// `script` is relative to the package root.
    public init(script: String, arguments: [String] = []) throws {
        let scriptPath = Self.packageRoot.appendingPathComponent(script).path
        let venvPython = Self.packageRoot.appendingPathComponent(".venv/bin/python").path
        if let interpreter = ProcessInfo.processInfo.environment["PEER_PYTHON"].flatMap({ $0.isEmpty ? nil : $0 })
            ?? (FileManager.default.isExecutableFile(atPath: venvPython) ? venvPython : nil)
        {
            process.executableURL = URL(fileURLWithPath: interpreter)
            process.arguments = [scriptPath] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", scriptPath] + arguments
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        do {
            try process.run()
        } catch {
            throw StartFailure(description: "cannot start \(process.executableURL!.path) \(process.arguments!): \(error)")
        }
        let (line, timedOut) = Self.readLine(output.fileHandleForReading.fileDescriptor, within: Self.readyTimeoutMilliseconds)
        readyLine = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.contains(0x0A) else {
            stop()
            let why = timedOut ? "was not ready within \(Self.readyTimeoutMilliseconds / 1000) s" : "exited before it was ready"
            throw StartFailure(description: "\(script) \(why) (it printed \(readyLine.debugDescription))")
        }
    }

    /// A peer that hangs while starting fails the test instead of hanging the suite (generous: CI is loaded).
    static let readyTimeoutMilliseconds = 120_000

    /// Bytes up to the first newline, waiting with poll() at most `within` milliseconds in all.
    private static func readLine(_ descriptor: Int32, within milliseconds: Int) -> (line: [UInt8], timedOut: Bool) {
        var line: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(milliseconds) * 1_000_000
        while !line.contains(0x0A) {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { return (line, true) }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, Int32(min((deadline - now) / 1_000_000 + 1, 1_000)))
            if ready < 0 && errno != EINTR { return (line, false) }
            guard ready > 0 else { continue }
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return (line, false) }
            line.append(contentsOf: buffer[0..<count])
        }
        return (line, false)
    }

    deinit { stop() }

    /// SIGKILL, not `terminate()`: Foundation may start the child with SIGTERM blocked (it inherits the
    /// spawning thread's signal mask), and then SIGTERM never arrives. Closing stdin also ends it.
    public func stop() {
        try? input.fileHandleForWriting.close()
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
