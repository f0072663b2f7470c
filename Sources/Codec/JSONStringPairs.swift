/// The (name, value) string pairs of an object such as an event's `headers` (`{"a": "1"}`) or
/// `multiValueHeaders` (`{"a": ["1", "2"]}`), left in the parsed document: a lookup compares the names' bytes
/// and only the values asked for become `String`s. An event carries dozens of headers a route never reads.
public struct JSONStringPairs: Sendable {
    let document: JSONDocument
    /// Tape indices of each pair's name and value (both string entries), in document order.
    let pairs: [(name: UInt32, value: UInt32)]

    public var count: Int { pairs.count }

    /// The first value whose name equals `name` ignoring ASCII case (as `ASCII.equalsIgnoringCase`).
    public func firstValue(named name: String) -> String? {
        var name = name
        return name.withUTF8 { key in
            document.read { reader in
                for pair in pairs where reader.stringEqualsIgnoringASCIICase(Int(pair.name), key) {
                    return reader.string(Int(pair.value))
                }
                return nil
            }
        }
    }

    /// Every value whose name equals `name` ignoring ASCII case, in order.
    public func values(named name: String) -> [String] {
        var name = name
        return name.withUTF8 { key in
            document.read { reader in
                var values: [String] = []
                for pair in pairs where reader.stringEqualsIgnoringASCIICase(Int(pair.name), key) {
                    values.append(reader.string(Int(pair.value)))
                }
                return values
            }
        }
    }

    /// Every pair as strings.
    public var strings: [(name: String, value: String)] {
        document.read { reader in pairs.map { (name: reader.string(Int($0.name)), value: reader.string(Int($0.value))) } }
    }
}

/// Why an object is not a map of strings: the member `key` holds something else.
public struct JSONStringPairsError: Error, Sendable, Equatable {
    public let key: String

    public init(key: String) { self.key = key }
}

extension JSONView {
    /// This object's members as string pairs, kept in the document. Single-valued: every member is a string;
    /// `multiValue`: an array of strings, flattened to one pair per element. Null members are skipped, and a
    /// repeated name keeps its first place and its last value (as `objectMembers`). nil when this is no object.
    public func stringPairs(multiValue: Bool) throws(JSONStringPairsError) -> JSONStringPairs? {
        guard isObject else { return nil }
        let result = document.read { reader -> Result<[(name: UInt32, value: UInt32)], JSONStringPairsError> in
            var pairs: [(name: UInt32, value: UInt32)] = []
            let members = reader.members(of: index)
            pairs.reserveCapacity(members.count)
            for member in members {
                let value = reader.entries[member.value]
                switch value.kind {
                case .null: continue
                case .string where !multiValue:
                    pairs.append((name: UInt32(member.key), value: UInt32(member.value)))
                case .array where multiValue:
                    var element = member.value + 1
                    for _ in 0..<value.count {
                        guard reader.entries[element].kind == .string else { return .failure(.init(key: reader.string(member.key))) }
                        pairs.append((name: UInt32(member.key), value: UInt32(element)))
                        element = reader.next(element)
                    }
                default:
                    return .failure(.init(key: reader.string(member.key)))
                }
            }
            return .success(pairs)
        }
        return JSONStringPairs(document: document, pairs: try result.get())
    }
}

extension JSONTapeReader {
    /// Whether the string entry at `index`, decoded, equals the UTF-8 `key` ignoring ASCII case.
    func stringEqualsIgnoringASCIICase(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let entry = entries[index]
        if entry.flags & JSONTapeEntry.escaped != 0 {
            return JSONEscapes.decode(raw(entry)).withUnsafeBufferPointer { Self.equalsIgnoringASCIICase($0, key) }
        }
        return Self.equalsIgnoringASCIICase(raw(entry), key)
    }

    static func equalsIgnoringASCIICase(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        for offset in 0..<left.count where left[offset] != right[offset] {
            if ASCII.lowered(left[offset]) != ASCII.lowered(right[offset]) { return false }
        }
        return true
    }
}

extension JSONStringPairs {
    /// No pairs.
    public static func empty(in view: JSONView) -> JSONStringPairs { JSONStringPairs(document: view.document, pairs: []) }
}
