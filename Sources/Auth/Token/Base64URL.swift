import Codec

/// JWS base64url (RFC 7515 §2): the URL-safe alphabet with no padding and nothing else. `Codec.Base64`
/// accepts both alphabets and padding; a token must not, or two spellings would verify as one.
enum Base64URL {
    static func decode<Bytes: Collection<UInt8>>(_ text: Bytes) -> [UInt8]? {
        for byte in text where !isURLSafe(byte) { return nil }
        return Base64.decode(String(decoding: text, as: UTF8.self))
    }

    static func decode(_ text: String) -> [UInt8]? { decode(text.utf8) }

    private static func isURLSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }
}
