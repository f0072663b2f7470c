/// `%XX` escapes (uppercase hex, as RFC 3986 recommends) for every byte the caller does not keep.
/// Inlinable: SigV4 encodes every request's path and query with it, and a generic call across modules
/// would not be specialised.
public enum PercentEncoding {
    @inlinable
    public static func encode<S: StringProtocol>(_ text: S, keeping keep: (UInt8) -> Bool) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if keep(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(upperHex(byte >> 4))
                output.append(upperHex(byte & 0x0F))
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// RFC 3986 unreserved: `A–Z a–z 0–9 - . _ ~`.
    @inlinable
    public static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    @usableFromInline
    static func upperHex(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }
}
