import Codec

/// Reads a request body into product fields, collecting every problem. Read-only and unknown members are
/// refused rather than ignored, so a typo never silently drops a change.
public enum ProductInput {
    typealias A = ProductAttributes
    static let writableFields = [A.name, A.description, A.price, A.category, A.inventoryCount, A.tags]
    static let readOnlyFields = [A.productId, A.createdAt, A.updatedAt, A.version]

    /// POST and PUT: every required field present; a missing optional field means "none" (PUT removes it).
    public static func fields(from body: JSONObject, allowingVersion: Bool, _ errors: inout FieldErrors) -> ProductFields? {
        checkMembers(of: body, allowingVersion: allowingVersion, &errors)
        let problems = errors.all.count
        let name = required(A.name, in: body, FieldRules.name, &errors)
        let price = required(A.price, in: body, FieldRules.price, &errors)
        let category = required(A.category, in: body, FieldRules.category, &errors)
        let description = optional(A.description, in: body, FieldRules.description, &errors)
        let tags = optional(A.tags, in: body, FieldRules.tags, &errors)
        var inventoryCount = 0
        if let value = body[A.inventoryCount] {
            inventoryCount = FieldRules.inventoryCount(value, &errors) ?? 0
        }
        guard errors.all.count == problems, let name, let price, let category else { return nil }
        return ProductFields(
            name: name, description: description, price: price, category: category, inventoryCount: inventoryCount,
            tags: tags ?? [])
    }

    /// PATCH: only the members present change; `null` removes `description` or `tags` and is an error for
    /// the others. At least one field must change.
    public static func patch(from body: JSONObject, _ errors: inout FieldErrors) -> ProductPatch? {
        checkMembers(of: body, allowingVersion: true, &errors)
        let problems = errors.all.count
        var patch = ProductPatch()
        if let value = body[A.name] { patch.name = present(A.name, value, FieldRules.name, &errors) }
        if let value = body[A.price] { patch.price = present(A.price, value, FieldRules.price, &errors) }
        if let value = body[A.category] { patch.category = present(A.category, value, FieldRules.category, &errors) }
        if let value = body[A.inventoryCount] {
            patch.inventoryCount = present(A.inventoryCount, value, FieldRules.inventoryCount, &errors)
        }
        if let value = body[A.description] {
            patch.description = value.isNull ? .remove : FieldRules.description(value, &errors).map { .set($0) } ?? .keep
        }
        if let value = body[A.tags] {
            if value.isNull {
                patch.tags = .remove
            } else if let tags = FieldRules.tags(value, &errors) {
                patch.tags = tags.isEmpty ? .remove : .set(tags)
            }
        }
        guard errors.all.count == problems else { return nil }
        if patch.isEmpty {
            errors.add("body", "must contain at least one field to change (\(writableFields.joined(separator: ", ")))")
            return nil
        }
        return patch
    }

    /// The expected version in a PUT or PATCH body, when there is one.
    public static func bodyVersion(from body: JSONObject, _ errors: inout FieldErrors) -> Int? {
        body[A.version].flatMap { FieldRules.version($0, &errors) }
    }

    private static func checkMembers(of body: JSONObject, allowingVersion: Bool, _ errors: inout FieldErrors) {
        for key in body.keys where !writableFields.contains(key) && !(allowingVersion && key == A.version) {
            errors.add(key, readOnlyFields.contains(key) ? "is read-only" : "is not a known field")
        }
    }

    private static func required<Value>(
        _ field: String, in body: JSONObject, _ rule: (JSON, inout FieldErrors) -> Value?, _ errors: inout FieldErrors
    ) -> Value? {
        guard let value = body[field] else {
            errors.add(field, "is required")
            return nil
        }
        return present(field, value, rule, &errors)
    }

    private static func present<Value>(
        _ field: String, _ value: JSON, _ rule: (JSON, inout FieldErrors) -> Value?, _ errors: inout FieldErrors
    ) -> Value? {
        if value.isNull {
            errors.add(field, "must not be null")
            return nil
        }
        return rule(value, &errors)
    }

    /// Absent or `null`: none.
    private static func optional<Value>(
        _ field: String, in body: JSONObject, _ rule: (JSON, inout FieldErrors) -> Value?, _ errors: inout FieldErrors
    ) -> Value? {
        guard let value = body[field], !value.isNull else { return nil }
        return rule(value, &errors)
    }
}
