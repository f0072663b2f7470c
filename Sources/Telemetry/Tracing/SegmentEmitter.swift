#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Sends segment documents to the X-Ray daemon over UDP: `{"format": "json", "version": 1}`, a newline, the
/// document, one datagram each. The socket is non-blocking and opened at the first send (init stays free of
/// system calls); a full buffer or an absent daemon drops the datagram, which is counted and never reaches
/// the request. Safe to share between threads: the socket is opened under a lock and `sendto` on one UDP
/// socket from several threads is atomic per datagram.
public final class SegmentEmitter: @unchecked Sendable {
    public static let header = Array(#"{"format": "json", "version": 1}"#.utf8) + [0x0A]
    /// X-Ray's limit for one segment document.
    public static let maximumDocumentBytes = 64 * 1024

    public let address: DaemonAddress
    private let lock = Lock()
    private var socketDescriptor: Int32 = -1
    private var dropped = 0
    private var sent = 0

    public init(address: DaemonAddress) {
        self.address = address
    }

    deinit {
        if socketDescriptor >= 0 { close(socketDescriptor) }
    }

    /// Datagrams that could not be sent (no socket, buffer full, daemon unreachable, too large).
    public var droppedCount: Int { lock.withLock { dropped } }
    public var sentCount: Int { lock.withLock { sent } }

    /// Returns whether the datagram left; callers ignore the answer on the request path.
    @discardableResult
    public func send(document: [UInt8]) -> Bool {
        guard document.count <= Self.maximumDocumentBytes, let descriptor = openSocket() else { return record(false) }
        var datagram = Self.header
        datagram.append(contentsOf: document)
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = address.port.bigEndian
        target.sin_addr = in_addr(s_addr: address.ipv4)
        let result = datagram.withUnsafeBytes { bytes in
            withUnsafePointer(to: &target) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    sendto(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_DONTWAIT), socketAddress,
                        socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        return record(result == datagram.count)
    }

    private func record(_ success: Bool) -> Bool {
        lock.withLock { if success { sent += 1 } else { dropped += 1 } }
        return success
    }

    private func openSocket() -> Int32? {
        lock.withLock {
            if socketDescriptor < 0 {
                socketDescriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            }
            return socketDescriptor >= 0 ? socketDescriptor : nil
        }
    }
}
