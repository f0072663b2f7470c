import Codec

/// One problem with one field of a request: `{"field":"price","message":"must have at most 2 decimal places"}`.
public struct FieldError: Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field) \(message)" }

    public var json: JSON { ["field": .string(field), "message": .string(message)] }
}

/// Collects every problem with a request, so a client learns about all of them at once.
public struct FieldErrors: Sendable, Equatable {
    public private(set) var all: [FieldError] = []

    public init() {}

    public var isEmpty: Bool { all.isEmpty }

    public mutating func add(_ field: String, _ message: String) {
        all.append(FieldError(field: field, message: message))
    }

    public func messages(for field: String) -> [String] { all.filter { $0.field == field }.map(\.message) }

    /// The `error.details` of a 400 `ValidationFailed`.
    public var json: JSON { .array(all.map(\.json)) }

    public func throwIfAny() throws(ProductsError) {
        if !isEmpty { throw .validation(self) }
    }
}
