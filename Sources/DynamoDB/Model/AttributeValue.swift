import Codec

/// One DynamoDB attribute value. Numbers are kept as their decimal text (up to 38 significant digits);
/// binary values are raw bytes (base64 only on the wire).
public indirect enum AttributeValue: Sendable, Equatable {
    case s(String)
    case n(String)
    case b([UInt8])
    case bool(Bool)
    case null
    case m([String: AttributeValue])
    case l([AttributeValue])
    case ss([String])
    case ns([String])
    case bs([[UInt8]])
}

/// An item (or a key): attribute name to value.
public typealias Item = [String: AttributeValue]

extension AttributeValue {
    /// A number from an exact decimal (never from a `Double`).
    public static func number(_ value: ExactDecimal) -> AttributeValue { .n(value.description) }
    public static func number(_ value: Int) -> AttributeValue { .n(String(value)) }

    public var stringValue: String? {
        if case .s(let value) = self { return value }
        return nil
    }

    /// The number's text exactly as DynamoDB sent it.
    public var numberText: String? {
        if case .n(let value) = self { return value }
        return nil
    }

    public var decimalValue: ExactDecimal? { numberText.flatMap(ExactDecimal.init) }

    public var intValue: Int? {
        guard let text = numberText else { return nil }
        return JSON.number(text).intValue
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var bytesValue: [UInt8]? {
        if case .b(let value) = self { return value }
        return nil
    }

    public var mapValue: [String: AttributeValue]? {
        if case .m(let value) = self { return value }
        return nil
    }

    public var listValue: [AttributeValue]? {
        if case .l(let value) = self { return value }
        return nil
    }

    public var stringSetValue: [String]? {
        if case .ss(let value) = self { return value }
        return nil
    }

    public var numberSetValue: [String]? {
        if case .ns(let value) = self { return value }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
