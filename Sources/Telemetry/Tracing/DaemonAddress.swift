#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Where the X-Ray daemon listens for UDP segments: `AWS_XRAY_DAEMON_ADDRESS`, either `host:port` or the
/// SDKs' two-address form `tcp:host:port udp:host:port` (the UDP one is used). Lambda sets a numeric IPv4
/// address (`169.254.79.129:2000`); `localhost` is accepted for local tools. Anything else is refused, so a
/// typo means no traces rather than datagrams sent somewhere unexpected.
public struct DaemonAddress: Sendable, Equatable {
    public let host: String
    public let port: UInt16
    let ipv4: in_addr_t

    public init?(_ text: String) {
        var candidate = Substring(text)
        let parts = text.split(separator: " ")
        if parts.count > 1 || text.hasPrefix("udp:") || text.hasPrefix("tcp:") {
            guard let udp = parts.first(where: { $0.hasPrefix("udp:") }) else { return nil }
            candidate = udp.dropFirst(4)
        }
        guard let colon = candidate.lastIndex(of: ":"), let port = UInt16(candidate[candidate.index(after: colon)...]), port > 0
        else { return nil }
        var host = String(candidate[..<colon])
        if host == "localhost" { host = "127.0.0.1" }
        var address = in_addr()
        guard inet_pton(AF_INET, host, &address) == 1 else { return nil }
        self.host = host
        self.port = port
        self.ipv4 = address.s_addr
    }

    public static func == (lhs: DaemonAddress, rhs: DaemonAddress) -> Bool { lhs.host == rhs.host && lhs.port == rhs.port }
}
