/// The X-Ray trace header as Lambda hands it over (`Lambda-Runtime-Trace-Id`, `_X_AMZN_TRACE_ID`):
/// `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1`, plus fields such as
/// `Lineage` that are passed on untouched. A header whose Root or Parent is malformed is ignored (no
/// trace) rather than half-trusted.
public struct TraceHeader: Sendable, Equatable {
    /// `1-<8 hex: epoch seconds>-<24 hex>`
    public let root: String
    /// The id of the segment the work hangs under: for a Lambda function, its `AWS::Lambda::Function` segment.
    public let parent: String?
    /// `nil` when the header leaves the decision open (`Sampled=?` or absent).
    public let sampled: Bool?
    /// Other `key=value` fields, in order, forwarded as they came.
    public let otherFields: [String]

    public var isSampled: Bool { sampled == true }

    public init(root: String, parent: String?, sampled: Bool?, otherFields: [String] = []) {
        self.root = root
        self.parent = parent
        self.sampled = sampled
        self.otherFields = otherFields
    }

    public init?(_ text: String) {
        var root: String?
        var parent: String?
        var sampled: Bool?
        var others: [String] = []
        for field in text.split(separator: ";") {
            let pair = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = pair[0].trimmingSpaces
            let value = pair.count == 2 ? pair[1].trimmingSpaces : ""
            switch key {
            case "Root":
                guard Self.isValidRoot(value) else { return nil }
                root = String(value)
            case "Parent":
                guard Self.isValidSegmentID(value) else { return nil }
                parent = String(value)
            case "Sampled":
                sampled = value == "1" ? true : value == "0" ? false : nil
            case "":
                continue
            default:
                others.append("\(key)=\(value)")
            }
        }
        guard let root else { return nil }
        self.init(root: root, parent: parent, sampled: sampled, otherFields: others)
    }

    /// The header for a downstream call made under `parent` (a subsegment's id, or this segment's when the
    /// call is not traced).
    public func header(parent newParent: String?) -> String {
        var text = "Root=\(root)"
        if let parent = newParent ?? parent { text += ";Parent=\(parent)" }
        switch sampled {
        case true?: text += ";Sampled=1"
        case false?: text += ";Sampled=0"
        case nil: break
        }
        for field in otherFields { text += ";\(field)" }
        return text
    }

    static func isValidRoot<S: StringProtocol>(_ value: S) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "1" && parts[1].count == 8 && parts[2].count == 24
            && parts[1].allSatisfy(\.isHexDigit) && parts[2].allSatisfy(\.isHexDigit)
    }

    public static func isValidSegmentID<S: StringProtocol>(_ value: S) -> Bool {
        value.count == 16 && value.allSatisfy(\.isHexDigit)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var slice = self
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return slice
    }
}
