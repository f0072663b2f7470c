extension Base64 {
    private static let skip: UInt8 = 0xFE
    private static let invalid: UInt8 = 0xFF
    private static let padding: UInt8 = 0xFD
    /// Byte → sextet, or one of the markers above: one load per byte instead of a chain of comparisons.
    private static let sextets: [UInt8] = (0...255).map { byte -> UInt8 in
        switch UInt8(byte) {
        case 0x0A, 0x0D, 0x20, 0x09: skip
        case UInt8(ascii: "="): padding
        default: sextet(UInt8(byte)) ?? invalid
        }
    }

    /// Decodes base64 (either alphabet) from `text` up to `limit` output bytes, skipping line breaks and
    /// other whitespace (as in PEM), and stops at the first `=` or the end. `nil` when a byte is not base64:
    /// a PEM body is then not worth looking at. Only what is asked for is decoded: finding a certificate's
    /// subject needs its first few hundred bytes, not all of it.
    public static func decodePrefix(_ text: UnsafeBufferPointer<UInt8>, limit: Int) -> [UInt8]? {
        let capacity = min(limit, text.count / 4 * 3 + 3)
        guard capacity > 0 else { return [] }
        var valid = true
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            sextets.withUnsafeBufferPointer { table in
                var accumulator: UInt32 = 0
                var bits: UInt32 = 0
                var written = 0
                for byte in text {
                    let value = table[Int(byte)]
                    if value < 64 {
                        accumulator = accumulator << 6 | UInt32(value)
                        bits += 6
                        if bits >= 8 {
                            bits -= 8
                            buffer[written] = UInt8(truncatingIfNeeded: accumulator >> bits)
                            written += 1
                            if written == capacity { break }
                        }
                    } else if value == padding {
                        break
                    } else if value != skip {
                        valid = false
                        break
                    }
                }
                count = written
            }
        }
        return valid ? output : nil
    }
}
