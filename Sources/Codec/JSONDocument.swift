/// A parsed JSON document read in place: the whole document is validated once (the same checks and errors as
/// `JSON.parse`), then only the values a caller asks for become `String`s. Events carry kilobytes of
/// headers and context a handler never reads; this is how they are decoded without paying for them.
public final class JSONDocument: Sendable {
    let bytes: [UInt8]
    let entries: [JSONTapeEntry]

    public init(parsing bytes: [UInt8]) throws(JSONParseError) {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) in
                var parser = JSONParser(buffer)
                try parser.parseDocument()
                return parser.entries
            }
        }
        self.bytes = bytes
        entries = try result.get()
    }

    public var root: JSONView { JSONView(document: self, index: 0) }

    func read<T>(_ body: (JSONTapeReader) -> T) -> T {
        bytes.withUnsafeBufferPointer { body(JSONTapeReader(bytes: $0, entries: entries)) }
    }
}

/// One value of a `JSONDocument`. Reading is lazy: a member lookup compares raw key bytes and skips
/// everything else, and strings are decoded only when asked for.
public struct JSONView: Sendable {
    let document: JSONDocument
    let index: Int

    private var kind: JSONTapeEntry.Kind { document.entries[index].kind }

    public var isNull: Bool { kind == .null }
    public var isObject: Bool { kind == .object }

    public var stringValue: String? {
        guard kind == .string else { return nil }
        return document.read { $0.string(index) }
    }

    /// The decoded UTF-8 of a string value, without building a `String`.
    public var stringBytes: [UInt8]? {
        guard kind == .string else { return nil }
        return document.read { $0.stringBytes(index) }
    }

    public var boolValue: Bool? {
        switch kind {
        case .true: true
        case .false: false
        default: nil
        }
    }

    public var numberText: String? {
        guard kind == .number else { return nil }
        return document.read { $0.text(index) }
    }

    /// An object's member; the last one when the key repeats (as `JSON.parse` resolves duplicates).
    public subscript(key: String) -> JSONView? {
        document.read { $0.member(of: index, named: key) }.map { JSONView(document: document, index: $0) }
    }

    public var stringElements: [String]? { document.read { $0.strings(of: index) } }

    public var arrayElements: [JSONView]? {
        guard kind == .array else { return nil }
        return document.read { $0.elements(of: index) }.map { JSONView(document: document, index: $0) }
    }

    /// An object's members in document order; a repeated key keeps its first place and its last value.
    public var objectMembers: [(key: String, value: JSONView)]? {
        guard kind == .object else { return nil }
        return document.read { reader in
            reader.members(of: index).map { (key: reader.string($0.key), value: JSONView(document: document, index: $0.value)) }
        }
    }

    /// The value as a `JSON` tree.
    public var json: JSON { document.read { $0.json(at: index) } }
}

/// What decoding code needs from a JSON value, so the same code reads a `JSON` tree or a `JSONView`.
public protocol JSONReadable {
    var isNull: Bool { get }
    var isObject: Bool { get }
    var stringValue: String? { get }
    var boolValue: Bool? { get }
    var arrayElements: [Self]? { get }
    /// An array's elements when every one is a string; nil otherwise.
    var stringElements: [String]? { get }
    var objectMembers: [(key: String, value: Self)]? { get }
    subscript(key: String) -> Self? { get }
}

extension JSONView: JSONReadable {}

extension JSON: JSONReadable {
    public var isObject: Bool { objectValue != nil }
    public var arrayElements: [JSON]? { arrayValue }
    public var stringElements: [String]? {
        guard let values = arrayValue else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(values.count)
        for value in values {
            guard case .string(let text) = value else { return nil }
            strings.append(text)
        }
        return strings
    }
    public var objectMembers: [(key: String, value: JSON)]? { objectValue?.members.map { (key: $0.key, value: $0.value) } }
}
