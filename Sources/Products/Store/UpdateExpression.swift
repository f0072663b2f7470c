import DynamoDB

/// Builds an update expression from attribute names we own. Names and values only ever appear as
/// placeholders (`#name`, `:name`), so nothing from a request is spliced into the expression text.
struct UpdateExpression {
    private(set) var names: [String: String] = [:]
    private(set) var values: Item = [:]
    private var setClauses: [String] = []
    private var removeClauses: [String] = []

    mutating func set(_ attribute: String, _ value: AttributeValue) {
        setClauses.append("\(name(attribute)) = \(self.value(attribute, value))")
    }

    /// `attribute = attribute + 1`, computed by DynamoDB (for a write that does not know the current value).
    mutating func increment(_ attribute: String) {
        let placeholder = name(attribute)
        setClauses.append("\(placeholder) = \(placeholder) + \(value(attribute + "Increment", .number(1)))")
    }

    mutating func remove(_ attribute: String) {
        removeClauses.append(name(attribute))
    }

    /// A placeholder for the attribute name, registered once.
    mutating func name(_ attribute: String) -> String {
        let placeholder = "#" + attribute
        names[placeholder] = attribute
        return placeholder
    }

    /// A placeholder for a value; `key` must be one of our own identifiers.
    mutating func value(_ key: String, _ value: AttributeValue) -> String {
        let placeholder = ":" + key
        values[placeholder] = value
        return placeholder
    }

    var text: String {
        var parts: [String] = []
        if !setClauses.isEmpty { parts.append("SET " + setClauses.joined(separator: ", ")) }
        if !removeClauses.isEmpty { parts.append("REMOVE " + removeClauses.joined(separator: ", ")) }
        return parts.joined(separator: " ")
    }
}
