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
        let character = Character(Unicode.Scalar(separator))
        guard separator < 0x80, separator != 0x0A, separator != 0x0D, text.utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.split(separator: character, omittingEmptySubsequences: omittingEmptySubsequences)
        }
        var pieces: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == separator {
                if !omittingEmptySubsequences || start != index { pieces.append(text[start..<index]) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if !omittingEmptySubsequences || start != utf8.endIndex { pieces.append(text[start..<utf8.endIndex]) }
        return pieces
    }
}
