import Codec
import Foundation
import Telemetry

/// Collects what a `Telemetry` writes to stdout.
final class LineCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var sink: @Sendable ([UInt8]) -> Void { { [self] line in lock.withLock { storage.append(String(decoding: line, as: UTF8.self)) } } }
    var lines: [String] { lock.withLock { storage } }
    var documents: [[String: Any]] {
        lines.map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:] }
    }
}

/// A UDP socket on 127.0.0.1 with a kernel-chosen port, read with a bounded wait: the test's X-Ray daemon.
final class UDPListener {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(descriptor) }

    /// The next datagram, or nil when none comes within `timeoutMilliseconds`.
    func receive(timeoutMilliseconds: Int32 = 2000) -> [UInt8]? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        return count > 0 ? Array(buffer[0..<count]) : nil
    }

    /// Splits a datagram into its header line and the parsed document.
    static func split(_ datagram: [UInt8]) -> (header: String, document: [String: Any])? {
        guard let newline = datagram.firstIndex(of: 0x0A) else { return nil }
        let header = String(decoding: datagram[..<newline], as: UTF8.self)
        let body = Data(datagram[(newline + 1)...])
        guard let document = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else { return nil }
        return (header, document)
    }
}

let sampledHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:0"
let unsampledHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0"
