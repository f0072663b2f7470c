import Codec

/// SigV4's URI encoding: every byte except the RFC 3986 unreserved characters becomes `%XX` (uppercase).
enum URIEncoding {
    static func encode(_ text: String, keepSlash: Bool = false) -> String {
        PercentEncoding.encode(text) { PercentEncoding.isUnreserved($0) || (keepSlash && $0 == UInt8(ascii: "/")) }
    }

    /// Undoes `%XX` escapes (a malformed escape is kept as it is).
    static func decode(_ text: Substring) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = Hex.value(of: bytes[index + 1]), let low = Hex.value(of: bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
