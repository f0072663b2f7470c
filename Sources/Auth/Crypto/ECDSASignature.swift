/// JWS carries ECDSA signatures as fixed-width `r || s`; libcrypto verifies the DER form
/// `SEQUENCE { INTEGER r, INTEGER s }`. Both integers are at most 33 bytes, so every length fits one byte.
enum ECDSASignature {
    /// `nil` unless `raw` is exactly `2 * coordinateLength` bytes.
    static func der(fromRaw raw: [UInt8], coordinateLength: Int = 32) -> [UInt8]? {
        guard raw.count == 2 * coordinateLength else { return nil }
        let r = integer(raw[0..<coordinateLength])
        let s = integer(raw[coordinateLength...])
        return [0x30, UInt8(r.count + s.count)] + r + s
    }

    /// Minimal two's-complement big-endian: leading zeros dropped, a zero prepended when the top bit is set.
    private static func integer(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var value = bytes.drop { $0 == 0 }
        if value.isEmpty { value = [0] }
        var body = Array(value)
        if body[0] & 0x80 != 0 { body.insert(0, at: 0) }
        return [0x02, UInt8(body.count)] + body
    }
}
