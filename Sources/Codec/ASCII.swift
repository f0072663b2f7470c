/// ASCII case folding for protocol tokens (header names, methods) without allocating a lowered copy.
/// HTTP field names are ASCII tokens (RFC 9110 §5.1), compared case-insensitively byte by byte.
public enum ASCII {
    @inlinable
    public static func lowered(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    /// True when `a` and `b` are equal ignoring the case of ASCII letters.
    @inlinable
    public static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var (a, b) = (a, b)
        return a.withUTF8 { left in
            b.withUTF8 { right in
                for index in 0..<left.count where left[index] != right[index] {
                    if lowered(left[index]) != lowered(right[index]) { return false }
                }
                return true
            }
        }
    }

    /// `text.uppercased()`, without the copy when it is already upper case ASCII (as methods are).
    @inlinable
    public static func uppercased(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 &- UInt8(ascii: "a") >= 26 }) { return text }
        return text.uppercased()
    }

    /// `text.split(separator: Character(separator), omittingEmptySubsequences:)`, the same pieces, found over
    /// the bytes when `text` is ASCII: there no grapheme joins the separator to a neighbour (only "\r\n" joins
    /// ASCII characters, so CR and LF separators take the `Character` walk, as does any other text).
    public static func split(_ text: String, separator: UInt8, omittingEmptySubsequences: Bool = true) -> [Substring] {
        var text = text
        let pieces: [Range<Int>]? = separator < 0x80 && separator != 0x0A && separator != 0x0D
            ? text.withUTF8 { bytes in byteRanges(bytes, separator: separator, omittingEmpty: omittingEmptySubsequences) }
            : nil
        guard let pieces else {
            return text.split(separator: Character(Unicode.Scalar(separator)), omittingEmptySubsequences: omittingEmptySubsequences)
        }
        // UTF-8 offsets of an ASCII string are its character boundaries.
        let utf8 = text.utf8
        return pieces.map { range in
            text[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
        }
    }

    /// The byte ranges between separators; nil when a byte is not ASCII.
    private static func byteRanges(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8, omittingEmpty: Bool) -> [Range<Int>]? {
        var pieces: [Range<Int>] = []
        var start = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if byte >= 0x80 { return nil }
            guard byte == separator else { continue }
            if !omittingEmpty || start != index { pieces.append(start..<index) }
            start = index + 1
        }
        if !omittingEmpty || start != bytes.count { pieces.append(start..<bytes.count) }
        return pieces
    }
}
