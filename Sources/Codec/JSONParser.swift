/// Why a document is not JSON, and where (a byte offset).
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public var description: String { "\(message) at byte \(offset)" }
}

extension JSON {
    /// Nesting deeper than this is refused rather than risking the stack on hostile input.
    public static let maximumDepth = 256

    public static func parse(_ text: String) throws(JSONParseError) -> JSON {
        var text = text
        let result = text.withUTF8 { bytes in Result { () throws(JSONParseError) in try parse(bytes) } }
        return try result.get()
    }

    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSON {
        let result = bytes.withUnsafeBufferPointer { buffer in Result { () throws(JSONParseError) in try parse(buffer) } }
        return try result.get()
    }

    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSON {
        var parser = JSONParser(buffer)
        try parser.parseDocument()
        return JSONTapeReader(bytes: buffer, entries: parser.entries).json(at: 0)
    }
}

/// Validates a whole document in one pass and records where every value is (`JSONTapeEntry`), without
/// building a `String` or a `JSON` for anything: callers materialise only what they read.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0
    private(set) var entries: [JSONTapeEntry] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        entries.reserveCapacity(bytes.count / 8 + 4)
    }

    mutating func parseDocument() throws(JSONParseError) {
        guard bytes.count < Int(UInt32.max) else { throw failure("document too large") }
        try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw failure("unexpected data after the JSON value") }
    }

    private func failure(_ message: String) -> JSONParseError { JSONParseError(message: message, offset: position) }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func record(_ kind: JSONTapeEntry.Kind, from start: Int, flags: UInt8 = 0) {
        entries.append(JSONTapeEntry(
            kind: kind, flags: flags, start: UInt32(truncatingIfNeeded: start), end: UInt32(truncatingIfNeeded: position),
            next: UInt32(truncatingIfNeeded: entries.count + 1), count: 0))
    }

    private mutating func parseValue() throws(JSONParseError) {
        skipWhitespace()
        guard position < bytes.count else { throw failure("unexpected end of input") }
        let start = position
        switch bytes[position] {
        case UInt8(ascii: "{"): try parseObject()
        case UInt8(ascii: "["): try parseArray()
        case UInt8(ascii: "\""): try parseString()
        case UInt8(ascii: "t"): try expectLiteral("true"); record(.true, from: start)
        case UInt8(ascii: "f"): try expectLiteral("false"); record(.false, from: start)
        case UInt8(ascii: "n"): try expectLiteral("null"); record(.null, from: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber(); record(.number, from: start)
        default: throw failure("unexpected character")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw failure("unexpected end of input") }
        for index in 0..<count where bytes[position + index] != literal.utf8Start[index] {
            throw failure("invalid literal")
        }
        position += count
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > JSON.maximumDepth { throw failure("nesting deeper than \(JSON.maximumDepth)") }
    }

    /// A container's entry comes first; its `next` and `count` are filled in once its members are known.
    private mutating func close(_ container: Int, count: Int) {
        depth -= 1
        entries[container].end = UInt32(truncatingIfNeeded: position)
        entries[container].next = UInt32(truncatingIfNeeded: entries.count)
        entries[container].count = UInt32(truncatingIfNeeded: count)
    }

    private mutating func parseObject() throws(JSONParseError) {
        try enter()
        let container = entries.count
        record(.object, from: position)
        position += 1
        var count = 0
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return close(container, count: 0)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw failure("expected a string key")
            }
            try parseString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            position += 1
            try parseValue()
            count += 1
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of input") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; break }
            throw failure("expected ',' or '}'")
        }
        close(container, count: count)
    }

    private mutating func parseArray() throws(JSONParseError) {
        try enter()
        let container = entries.count
        record(.array, from: position)
        position += 1
        var count = 0
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return close(container, count: 0)
        }
        while true {
            try parseValue()
            count += 1
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of input") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; break }
            throw failure("expected ',' or ']'")
        }
        close(container, count: count)
    }

    private mutating func parseNumber() throws(JSONParseError) {
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count else { throw failure("invalid number") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else if isDigit(bytes[position]) {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        } else {
            throw failure("invalid number")
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw failure("invalid number") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else { throw failure("invalid number") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Records the raw text between the quotes. Escapes are checked here and decoded only when the string
    /// is read; UTF-8 is checked on the raw bytes, which is the same as checking the decoded ones (escapes are
    /// ASCII and decode to whole scalars).
    private mutating func parseString() throws(JSONParseError) {
        position += 1  // opening quote
        let start = position
        var flags: UInt8 = 0
        while position < bytes.count {
            position = JSONByteScan.firstSpecial(bytes, from: position, nonASCII: true)
            guard position < bytes.count else { break }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let end = position
                position += 1
                if flags & JSONTapeEntry.nonASCII != 0, !UTF8Validation.isValid(bytes, from: start, to: end) {
                    throw failure("invalid UTF-8 in string")
                }
                entries.append(JSONTapeEntry(
                    kind: .string, flags: flags, start: UInt32(truncatingIfNeeded: start),
                    end: UInt32(truncatingIfNeeded: end), next: UInt32(truncatingIfNeeded: entries.count + 1), count: 0))
                return
            }
            if byte < 0x20 { throw failure("unescaped control character in string") }
            if byte >= 0x80 { flags |= JSONTapeEntry.nonASCII }
            position += 1
            if byte == UInt8(ascii: "\\") {
                flags |= JSONTapeEntry.escaped
                guard position < bytes.count else { break }
                try checkEscape()
            }
        }
        throw failure("unterminated string")
    }

    /// The escape after a backslash; `position` is on its first character and ends after it.
    private mutating func checkEscape() throws(JSONParseError) {
        let escape = bytes[position]
        position += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            let code = try parseHex4()
            if (0xD800...0xDBFF).contains(code) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u")
                else { throw failure("unpaired surrogate in string") }
                position += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("unpaired surrogate in string") }
            } else if (0xDC00...0xDFFF).contains(code) {
                throw failure("unpaired surrogate in string")
            }
        default:
            throw failure("invalid escape")
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw failure("invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Hex.value(of: bytes[position]) else { throw failure("invalid \\u escape") }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
