import Codec

/// HTTP headers in arrival order; names compare case-insensitively, and a name may repeat. Headers decoded
/// from an event stay in its JSON document (`JSONStringPairs`) until changed: a lookup compares bytes, and
/// only the values read become `String`s.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    private var stored: [Field] = []
    /// When set, the headers are these (and `stored` is empty).
    private var inDocument: JSONStringPairs?

    public var fields: [Field] {
        guard let inDocument else { return stored }
        return inDocument.strings.map { Field(name: $0.name, value: $0.value) }
    }

    public init() {}

    public init(_ pairs: [(String, String)]) {
        stored = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    /// The pairs of an event's header map, read in place.
    public init(_ pairs: JSONStringPairs) {
        inDocument = pairs
    }

    public static func == (left: HTTPHeaders, right: HTTPHeaders) -> Bool { left.fields == right.fields }

    /// The first value for `name`.
    public subscript(name: String) -> String? {
        if let inDocument { return inDocument.firstValue(named: name) }
        for field in stored where ASCII.equalsIgnoringCase(field.name, name) { return field.value }
        return nil
    }

    public func values(for name: String) -> [String] {
        if let inDocument { return inDocument.values(named: name) }
        var values: [String] = []
        for field in stored where ASCII.equalsIgnoringCase(field.name, name) { values.append(field.value) }
        return values
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    public mutating func add(_ name: String, _ value: String) {
        materialize()
        stored.append(Field(name: name, value: value))
    }

    /// Replaces every value of `name` with this one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    public mutating func remove(_ name: String) {
        materialize()
        stored.removeAll { ASCII.equalsIgnoringCase($0.name, name) }
    }

    private mutating func materialize() {
        guard inDocument != nil else { return }
        stored = fields
        inDocument = nil
    }

    public var isEmpty: Bool { inDocument.map { $0.count == 0 } ?? stored.isEmpty }

    /// The items of a comma-separated header value (`Vary`, `If-Match`, `Allow`, …), trimmed, empties dropped.
    public static func listItems(_ value: String) -> [String] { items(of: value, separatedBy: ",") }

    static func items(of value: String, separatedBy separator: Character) -> [String] {
        value.split(separator: separator).map(trimmingOptionalWhitespace).filter { !$0.isEmpty }
    }

    /// A piece of a header value without the optional whitespace (spaces, tabs) HTTP allows around it.
    public static func trimmingOptionalWhitespace(_ text: Substring) -> String {
        var slice = text
        while slice.first == " " || slice.first == "\t" { slice.removeFirst() }
        while slice.last == " " || slice.last == "\t" { slice.removeLast() }
        return String(slice)
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
}
