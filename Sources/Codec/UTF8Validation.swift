/// Well-formed UTF-8 (Unicode Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), checked
/// in place, so the JSON reader validates a string once without building it. (The standard library's
/// `String(validating:as:)` is generic over the encoding and looks its metadata up on every call.)
public enum UTF8Validation {
    /// `String(validating: bytes, as: UTF8.self)`.
    public static func string(validating bytes: [UInt8]) -> String? {
        let valid = bytes.withUnsafeBufferPointer { isValid($0, from: 0, to: $0.count) }
        return valid ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// Whether `bytes` are well-formed UTF-8 (what `string(validating:)` checks), without building the string.
    public static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { isValid($0, from: 0, to: $0.count) }
    }

    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var index = start
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var lowest: UInt8 = 0x80
            var highest: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lowest = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; highest = 0x9F
            case 0xF0: length = 4; lowest = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; highest = 0x8F
            default: return false
            }
            guard end - index >= length else { return false }
            let second = bytes[index + 1]
            guard second >= lowest, second <= highest else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }
}
