/// A JSON object that keeps its members in insertion order, so what we write reads the way we built it.
/// Objects here are small (a product, an attribute map), where a linear scan beats hashing.
public struct JSONObject: Sendable, Equatable {
    public private(set) var members: [Member]

    /// One member: a key and its value.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSON
    }

    public init() { members = [] }

    /// A repeated key keeps its first position and takes its last value.
    public init(_ pairs: [(String, JSON)]) {
        if pairs.count > Self.linearKeyLimit {
            members = JSONObject.unique(pairs.map { Member(key: $0.0, value: $0.1) })
            return
        }
        members = []
        members.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// Objects up to this many members find a repeated key by scanning; larger ones hash.
    static let linearKeyLimit = 16

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    /// Setting `nil` removes the member; setting an existing key replaces it in place.
    public subscript(key: String) -> JSON? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// One member per key, at its first position, holding its last value; linear in the member count.
    init(lastValueWins members: [Member]) {
        self.members = JSONObject.unique(members)
    }

    private static func unique(_ members: [Member]) -> [Member] {
        var positions: [String: Int] = [:]
        var unique: [Member] = []
        for member in members {
            if let position = positions[member.key] {
                unique[position].value = member.value
            } else {
                positions[member.key] = unique.count
                unique.append(member)
            }
        }
        return unique
    }

    /// Appends without checking for an existing key: for the parser, which then resolves duplicates.
    mutating func appendUnchecked(_ key: String, _ value: JSON) {
        members.append(Member(key: key, value: value))
    }
}

extension JSONObject: Sequence {
    public func makeIterator() -> IndexingIterator<[Member]> { members.makeIterator() }
}
