/// Where one value of a parsed document is. Containers come before their members; `next` is the entry
/// after the value and everything inside it, so a reader skips a member without looking into it.
struct JSONTapeEntry: Sendable {
    enum Kind: UInt8, Sendable { case null, `true`, `false`, number, string, array, object }

    /// String flags: the raw text holds a backslash escape / a byte above 0x7F.
    static let escaped: UInt8 = 1
    static let nonASCII: UInt8 = 2

    var kind: Kind
    var flags: UInt8
    /// Strings: the raw text between the quotes. Other values: the value's own text.
    var start: UInt32
    var end: UInt32
    var next: UInt32
    /// Members of an object, elements of an array.
    var count: UInt32

    var isPlainASCII: Bool { flags == 0 }
}

/// Reads values off a tape over the bytes it was parsed from (already validated: nothing is checked twice).
struct JSONTapeReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let entries: [JSONTapeEntry]

    func next(_ index: Int) -> Int { Int(entries[index].next) }

    func raw(_ entry: JSONTapeEntry) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[Int(entry.start)..<Int(entry.end)])
    }

    func text(_ index: Int) -> String { String(decoding: raw(entries[index]), as: UTF8.self) }

    /// The decoded bytes of a string entry.
    func stringBytes(_ index: Int) -> [UInt8] {
        let entry = entries[index]
        guard entry.flags & JSONTapeEntry.escaped != 0 else { return Array(raw(entry)) }
        return JSONEscapes.decode(raw(entry))
    }

    func string(_ index: Int) -> String {
        let entry = entries[index]
        guard entry.flags & JSONTapeEntry.escaped != 0 else { return String(decoding: raw(entry), as: UTF8.self) }
        return String(decoding: JSONEscapes.decode(raw(entry)), as: UTF8.self)
    }

    /// Whether the string entry at `index` equals `key` (its UTF-8; `keyIsASCII` when every byte is below
    /// 0x80) as Swift compares strings. Plain ASCII on both sides compares byte for byte; anything else
    /// compares as `String`s, where canonical equivalence applies (the Kelvin sign equals K).
    func stringEquals(_ index: Int, _ key: UnsafeBufferPointer<UInt8>, keyIsASCII: Bool) -> Bool {
        let entry = entries[index]
        guard entry.isPlainASCII, keyIsASCII else { return string(index) == String(decoding: key, as: UTF8.self) }
        return Int(entry.end &- entry.start) == key.count && memoryEqual(raw(entry), key)
    }

    private func memoryEqual(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        for offset in 0..<left.count where left[offset] != right[offset] { return false }
        return true
    }

    /// Whether two string entries are equal as Swift compares strings.
    func stringsEqual(_ first: Int, _ second: Int) -> Bool {
        let (a, b) = (entries[first], entries[second])
        guard a.isPlainASCII, b.isPlainASCII else { return string(first) == string(second) }
        let (left, right) = (raw(a), raw(b))
        return left.count == right.count && memoryEqual(left, right)
    }

    /// The member value of the object at `index` named `key`; the last one when the key repeats.
    func member(of index: Int, named key: String) -> Int? {
        let entry = entries[index]
        guard entry.kind == .object else { return nil }
        var key = key
        return key.withUTF8 { utf8 in
            let keyIsASCII = !utf8.contains(where: { $0 >= 0x80 })
            var found: Int?
            var child = index + 1
            for _ in 0..<entry.count {
                if stringEquals(child, utf8, keyIsASCII: keyIsASCII) { found = child + 1 }
                child = next(child + 1)
            }
            return found
        }
    }

    /// The strings of an array of strings; nil when it is not an array or holds anything else.
    func strings(of index: Int) -> [String]? {
        let entry = entries[index]
        guard entry.kind == .array else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(Int(entry.count))
        var child = index + 1
        for _ in 0..<entry.count {
            guard entries[child].kind == .string else { return nil }
            strings.append(string(child))
            child = next(child)
        }
        return strings
    }

    /// (key entry, value entry) pairs in document order, duplicates resolved as `JSONObject` does: a repeated
    /// key keeps its first place and takes its last value.
    /// Objects with more members than this find repeated keys through a table rather than a scan. Below it the
    /// scan is cheaper than hashing every key (an API Gateway event carries 20 to 40 headers), and bounded.
    static let linearKeyLimit = 32

    func members(of index: Int) -> [(key: Int, value: Int)] {
        let entry = entries[index]
        var members: [(key: Int, value: Int)] = []
        members.reserveCapacity(Int(entry.count))
        var child = index + 1
        // Small objects scan their earlier keys; past `linearKeyLimit` a table of the keys' bytes keeps a hostile
        // event with hundreds of thousands of members linear (the scan made it quadratic: a 10 s time-out).
        var positions: [KeyBytes: Int]?
        for _ in 0..<entry.count {
            let earlier: Int?
            if positions == nil, members.count < Self.linearKeyLimit {
                earlier = members.firstIndex(where: { stringsEqual($0.key, child) })
            } else {
                if positions == nil {
                    var table: [KeyBytes: Int] = [:]
                    table.reserveCapacity(Int(entry.count))
                    for (position, member) in members.enumerated() { table[keyBytes(member.key)] = position }
                    positions = table
                }
                let key = keyBytes(child)
                earlier = positions?[key]
                if earlier == nil { positions?[key] = members.count }
            }
            if let earlier {
                members[earlier].value = child + 1
            } else {
                members.append((key: child, value: child + 1))
            }
            child = next(child + 1)
        }
        return members
    }

    func elements(of index: Int) -> [Int] {
        let entry = entries[index]
        var elements: [Int] = []
        elements.reserveCapacity(Int(entry.count))
        var child = index + 1
        for _ in 0..<entry.count {
            elements.append(child)
            child = next(child)
        }
        return elements
    }

    func json(at index: Int) -> JSON {
        switch entries[index].kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number: return .number(text(index))
        case .string: return .string(string(index))
        case .array: return .array(elements(of: index).map { json(at: $0) })
        case .object:
            var object = JSONObject()
            for member in members(of: index) { object.appendUnchecked(string(member.key), json(at: member.value)) }
            return .object(object)
        }
    }
}

/// A key's decoded UTF-8 (the parser validated it, so these are its `String`'s bytes): the document's own bytes
/// when it has no escapes (valid while the reader is, so only inside one `members` call), else a decoded copy.
/// Hashed in one call rather than byte by byte as `[UInt8]` hashes.
struct KeyBytes: Hashable {
    let raw: UnsafeBufferPointer<UInt8>
    let decoded: [UInt8]?

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let decoded { return decoded.withUnsafeBufferPointer(body) }
        return body(raw)
    }

    static func == (left: KeyBytes, right: KeyBytes) -> Bool {
        left.withBytes { a in
            right.withBytes { b in
                guard a.count == b.count else { return false }
                for offset in 0..<a.count where a[offset] != b[offset] { return false }
                return true
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        withBytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension JSONTapeReader {
    func keyBytes(_ index: Int) -> KeyBytes {
        let entry = entries[index]
        let bytes = raw(entry)
        return KeyBytes(raw: bytes, decoded: entry.flags & JSONTapeEntry.escaped != 0 ? JSONEscapes.decode(bytes) : nil)
    }
}

/// Decodes the escapes of a string the parser has already checked.
enum JSONEscapes {
    static func decode(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            index += 1
            guard byte == UInt8(ascii: "\\") else { output.append(byte); continue }
            let escape = raw[index]
            index += 1
            switch escape {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var code = hex4(raw, at: index)
                index += 4
                if (0xD800...0xDBFF).contains(code) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (hex4(raw, at: index + 2) - 0xDC00)
                    index += 6
                }
                output.append(contentsOf: UTF8.encode(Unicode.Scalar(code)!)!)
            default: output.append(escape)  // " \ /
            }
        }
        return output
    }

    private static func hex4(_ raw: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 { value = value << 4 | UInt32(Hex.value(of: raw[index + offset]) ?? 0) }
        return value
    }
}
