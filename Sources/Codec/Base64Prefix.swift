extension Base64 {
    /// Decodes base64 (either alphabet) from `text` up to `limit` output bytes, skipping line breaks and other
    /// whitespace (as in PEM), and stops at the first `=` or the end. `nil` when a byte is not base64: a
    /// PEM body is then not worth looking at. Only what is asked for is decoded: finding a certificate's
    /// subject needs its first few hundred bytes, not all of it.
    public static func decodePrefix(_ text: UnsafeBufferPointer<UInt8>, limit: Int) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, text.count * 3 / 4))
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in text {
            if output.count >= limit || byte == UInt8(ascii: "=") { break }
            if byte == 0x0A || byte == 0x0D || byte == 0x20 || byte == 0x09 { continue }
            guard let value = sextet(byte) else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }
}
