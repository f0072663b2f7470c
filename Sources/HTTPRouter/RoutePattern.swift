import Codec
/// A route pattern such as `/products/{id}`: literal segments and `{name}` parameters, one per segment.
struct RoutePattern: Equatable {
    enum Segment: Equatable {
        case literal(String)
        case parameter(String)
    }

    let text: String
    let segments: [Segment]

    /// Patterns are written by the programmer, so a malformed one stops the process at startup.
    /// Checked byte by byte: the routes are registered during init, before the first `GET /next`, where
    /// Character-level String operations (grapheme breaking) cost more than the rest of the registration.
    init(_ text: String) {
        precondition(text.utf8.first == UInt8(ascii: "/"), "route pattern \(text) must start with /")
        self.text = text
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        var names: [Substring] = []
        segments = RoutePattern.pathSegments(text).map { segment in
            let bytes = segment.utf8
            guard bytes.first == open else {
                precondition(!bytes.contains(open) && !bytes.contains(close), "route pattern \(text): braces must wrap a whole segment")
                return .literal(String(segment))
            }
            precondition(bytes.last == close && bytes.count > 2, "route pattern \(text): bad parameter \(segment)")
            let name = Substring(bytes.dropFirst().dropLast())
            precondition(!names.contains(name), "route pattern \(text) repeats a parameter name")
            names.append(name)
            return .parameter(String(name))
        }
    }

    /// `/a/b/` → `["a", "b"]`: one trailing slash is tolerated; empty inner segments are kept (and match nothing).
    static func pathSegments(_ path: String) -> [Substring] {
        var segments = ASCII.split(path, separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
        if segments.last?.isEmpty == true { segments = segments.dropLast() }
        return Array(segments)
    }

    /// The parameters when `path` (already split) matches.
    func match(_ path: [Substring]) -> [String: String]? {
        guard path.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, path) {
            switch segment {
            case .literal(let literal): guard part == literal else { return nil }
            case .parameter(let name):
                guard !part.isEmpty else { return nil }
                parameters[name] = String(part)
            }
        }
        return parameters
    }

    /// Literal beats parameter at the first segment where the two differ.
    func isMoreSpecific(than other: RoutePattern) -> Bool {
        for (mine, theirs) in zip(segments, other.segments) {
            switch (mine, theirs) {
            case (.literal, .parameter): return true
            case (.parameter, .literal): return false
            default: continue
            }
        }
        return false
    }

    /// Same shape: equal literals and parameters in the same places, whatever the parameter names.
    func hasSameShape(as other: RoutePattern) -> Bool {
        guard segments.count == other.segments.count else { return false }
        return zip(segments, other.segments).allSatisfy { pair in
            switch pair {
            case (.literal(let a), .literal(let b)): a == b
            case (.parameter, .parameter): true
            default: false
            }
        }
    }
}
