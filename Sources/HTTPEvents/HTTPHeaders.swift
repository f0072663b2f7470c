import Codec

/// HTTP headers in arrival order; names compare case-insensitively, and a name may repeat. Headers decoded
/// from an event stay in its JSON document (`JSONStringPairs`) until changed: a lookup compares bytes, and
/// only the values read become `String`s.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    /// One header line: a name as sent and its value.
    public struct Field: Sendable, Equatable {
        /// The header's name, in the case it was sent or added with.
        public var name: String
        /// The header's value.
        public var value: String
    }

    private var stored: [Field] = []
    /// When set, the headers are these (and `stored` is empty).
    private var inDocument: JSONStringPairs?

    /// Every header line, in order.
    public var fields: [Field] {
        guard let inDocument else { return stored }
        return inDocument.strings.map { Field(name: $0.name, value: $0.value) }
    }

    /// No headers.
    public init() {}

    /// The given name and value pairs, in order.
    public init(_ pairs: [(String, String)]) {
        stored = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    /// The pairs of an event's header map, read in place.
    public init(_ pairs: JSONStringPairs) {
        inDocument = pairs
    }

    /// Equal when the same lines come in the same order.
    public static func == (left: HTTPHeaders, right: HTTPHeaders) -> Bool { left.fields == right.fields }

    /// The first value for `name`.
    public subscript(name: String) -> String? {
        if let inDocument { return inDocument.firstValue(named: name) }
        for field in stored where ASCII.equalsIgnoringCase(field.name, name) { return field.value }
        return nil
    }

    /// Every value of the header `name` (case-insensitive), in order.
    public func values(for name: String) -> [String] {
        if let inDocument { return inDocument.values(named: name) }
        var values: [String] = []
        for field in stored where ASCII.equalsIgnoringCase(field.name, name) { values.append(field.value) }
        return values
    }

    /// Whether a header `name` (case-insensitive) is present.
    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Adds a line, keeping any other with the same name.
    public mutating func add(_ name: String, _ value: String) {
        materialize()
        stored.append(Field(name: name, value: value))
    }

    /// Replaces every value of `name` with this one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    /// Removes every line named `name` (case-insensitive).
    public mutating func remove(_ name: String) {
        materialize()
        stored.removeAll { ASCII.equalsIgnoringCase($0.name, name) }
    }

    private mutating func materialize() {
        guard inDocument != nil else { return }
        stored = fields
        inDocument = nil
    }

    /// Whether there are no headers at all.
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

    /// The lines, in order.
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
}
