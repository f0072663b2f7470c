import Codec

/// HTTP headers in arrival order; names compare case-insensitively, and a name may repeat.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public private(set) var fields: [Field] = []

    public init() {}

    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    /// The first value for `name`.
    public subscript(name: String) -> String? {
        for field in fields where ASCII.equalsIgnoringCase(field.name, name) { return field.value }
        return nil
    }

    public func values(for name: String) -> [String] {
        var values: [String] = []
        for field in fields where ASCII.equalsIgnoringCase(field.name, name) { values.append(field.value) }
        return values
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every value of `name` with this one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { ASCII.equalsIgnoringCase($0.name, name) }
    }

    public var isEmpty: Bool { fields.isEmpty }

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
