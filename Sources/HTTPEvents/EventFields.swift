import Codec

/// Typed reads of one event object's members. JSON `null` counts as absent, as AWS sends
/// `"queryStringParameters": null` when there are none; a present member of the wrong type is an error.
struct EventFields<Value: JSONReadable> {
    /// An object.
    let object: Value
    /// Dotted location, so errors name the member (`requestContext.http`).
    let location: String

    init(_ object: Value, location: String = "") {
        self.object = object
        self.location = location
    }

    private func present(_ key: String) -> Value? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    fileprivate func name(_ key: String) -> String { location.isEmpty ? key : "\(location).\(key)" }

    func string(_ key: String) throws(HTTPEventError) -> String? {
        guard let value = present(key) else { return nil }
        guard let text = value.stringValue else { throw .malformedField(name(key), expected: "a string") }
        return text
    }

    func bool(_ key: String) throws(HTTPEventError) -> Bool? {
        guard let value = present(key) else { return nil }
        guard let flag = value.boolValue else { throw .malformedField(name(key), expected: "true or false") }
        return flag
    }

    func object(_ key: String) throws(HTTPEventError) -> EventFields? {
        guard let value = present(key) else { return nil }
        guard value.isObject else { throw .malformedField(name(key), expected: "an object") }
        return EventFields(value, location: name(key))
    }

    func stringArray(_ key: String) throws(HTTPEventError) -> [String]? {
        guard let value = present(key) else { return nil }
        return try strings(of: value, name(key))
    }

    private func strings(of value: Value, _ name: @autoclosure () -> String) throws(HTTPEventError) -> [String] {
        guard let strings = value.stringElements else { throw .malformedField(name(), expected: "an array of strings") }
        return strings
    }

    /// `{"name": "value", …}` as pairs in document order.
    func singleValueMap(_ key: String) throws(HTTPEventError) -> [(String, String)]? {
        guard let map = try object(key) else { return nil }
        let members = map.object.objectMembers ?? []
        var pairs: [(String, String)] = []
        pairs.reserveCapacity(members.count)
        for member in members where !member.value.isNull {
            guard let text = member.value.stringValue else { throw .malformedField(map.name(member.key), expected: "a string") }
            pairs.append((member.key, text))
        }
        return pairs
    }

    /// `{"name": ["value", …], …}` flattened to pairs in document order.
    func multiValueMap(_ key: String) throws(HTTPEventError) -> [(String, String)]? {
        guard let map = try object(key) else { return nil }
        var pairs: [(String, String)] = []
        for member in map.object.objectMembers ?? [] where !member.value.isNull {
            for text in try strings(of: member.value, map.name(member.key)) { pairs.append((member.key, text)) }
        }
        return pairs
    }

    /// Payload 1.0 and ALB: the multi-value map wins when present, since it keeps repeated names.
    func pairs(single: String, multi: String) throws(HTTPEventError) -> [(String, String)] {
        if let pairs = try multiValueMap(multi) { return pairs }
        return try singleValueMap(single) ?? []
    }

    /// A header map (`single`: `{"name": "value"}`, or `multi`: `{"name": ["value"]}`, which wins when present,
    /// as `pairs`), with the same errors. Read from a parsed document, the headers stay in it (`JSONStringPairs`).
    func headers(single: String, multi: String?) throws(HTTPEventError) -> HTTPHeaders {
        guard let object = object as? JSONView else {
            if let multi { return HTTPHeaders(try pairs(single: single, multi: multi)) }
            return HTTPHeaders(try singleValueMap(single) ?? [])
        }
        let fields = EventFields<JSONView>(object, location: location)
        if let multi, let map = try fields.object(multi) { return try map.headersInPlace(multiValue: true) }
        if let map = try fields.object(single) { return try map.headersInPlace(multiValue: false) }
        return HTTPHeaders()
    }

    /// `body`, base64-decoded when `isBase64Encoded` says so.
    func body() throws(HTTPEventError) -> [UInt8] {
        guard let text = try string("body") else { return [] }
        guard try bool("isBase64Encoded") == true else { return Array(text.utf8) }
        guard let bytes = Base64.decode(text) else { throw .invalidBase64Body }
        return bytes
    }
}

extension EventFields<JSONView> {
    /// This object, a header map, as headers left in its document.
    fileprivate func headersInPlace(multiValue: Bool) throws(HTTPEventError) -> HTTPHeaders {
        do {
            return HTTPHeaders(try object.stringPairs(multiValue: multiValue) ?? JSONStringPairs.empty(in: object))
        } catch {
            throw .malformedField(name(error.key), expected: multiValue ? "an array of strings" : "a string")
        }
    }
}

extension HTTPHeaders {
    /// The `name=value` pairs of every `Cookie` header (payload 1.0 and ALB carry cookies only there).
    var cookiePairs: [String] { values(for: "Cookie").flatMap { HTTPHeaders.items(of: $0, separatedBy: ";") } }
}
