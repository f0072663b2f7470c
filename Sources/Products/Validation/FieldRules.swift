import Codec

/// The rule for each product field. Each check adds its problems to `errors` and returns the value only
/// when it is valid. Lengths count Unicode code points, as JSON Schema's `maxLength` does.
public enum FieldRules {
    public static let nameLength = 1...200
    public static let descriptionLength = 0...2000
    public static let categoryLength = 1...100
    public static let tagLength = 1...50
    public static let maximumTags = 20
    /// Tags past this many are not checked one by one (there are already too many).
    public static let checkedTags = 100
    public static let maximumPriceFractionDigits = 2
    /// Keeps prices well inside DynamoDB's 38 significant digits and out of exponent notation.
    public static let maximumPrice = ExactDecimal("999999999999.99")!
    public static let maximumPriceText = "999999999999.99"

    public static func name(_ value: JSON, _ errors: inout FieldErrors) -> String? {
        text(value, field: ProductAttributes.name, length: nameLength, notBlank: true, &errors)
    }

    /// `description` may hold tab and line feed; no other text field may hold a control character.
    public static let descriptionControlCharacters: Set<Unicode.Scalar> = ["\t", "\n"]

    public static func description(_ value: JSON, _ errors: inout FieldErrors) -> String? {
        text(
            value, field: ProductAttributes.description, length: descriptionLength, notBlank: false,
            allowing: descriptionControlCharacters, &errors)
    }

    public static func category(_ value: JSON, _ errors: inout FieldErrors) -> String? {
        text(value, field: ProductAttributes.category, length: categoryLength, notBlank: true, &errors)
    }

    public static func price(_ value: JSON, _ errors: inout FieldErrors) -> ExactDecimal? {
        let field = ProductAttributes.price
        guard let text = value.numberText, let price = ExactDecimal(text) else {
            errors.add(field, "must be a number")
            return nil
        }
        let problems = errors.all.count
        if price.isNegative { errors.add(field, "must be at least 0") }
        if price.fractionDigits > maximumPriceFractionDigits {
            errors.add(field, "must have at most \(maximumPriceFractionDigits) decimal places")
        }
        if !price.isNegative, isGreater(price, than: maximumPrice) { errors.add(field, "must be at most \(maximumPriceText)") }
        return errors.all.count == problems ? price : nil
    }

    public static func inventoryCount(_ value: JSON, _ errors: inout FieldErrors) -> Int? {
        nonNegativeInteger(value, field: ProductAttributes.inventoryCount, minimum: 0, &errors)
    }

    /// 18 digits, as `If-Match` takes: far beyond any real version, and `version + 1` can never overflow.
    public static let maximumVersion = 999_999_999_999_999_999

    /// The expected version a PUT or PATCH body may carry instead of `If-Match`.
    public static func version(_ value: JSON, _ errors: inout FieldErrors) -> Int? {
        nonNegativeInteger(value, field: ProductAttributes.version, minimum: 1, maximum: maximumVersion, &errors)
    }

    public static func tags(_ value: JSON, _ errors: inout FieldErrors) -> [String]? {
        let field = ProductAttributes.tags
        guard let elements = value.arrayValue else {
            errors.add(field, "must be an array of strings")
            return nil
        }
        let problems = errors.all.count
        if elements.count > maximumTags { errors.add(field, "must have at most \(maximumTags) tags") }
        // Every problem at once, but of the first `checkedTags` only: a 64 KiB body holds 12,000 tags, and
        // each once cost a scan of the earlier ones plus an error in the answer.
        var tags: [String] = []
        var firstIndex: [[UInt32]: Int] = [:]
        for (index, element) in elements.prefix(checkedTags).enumerated() {
            let elementField = "\(field)[\(index)]"
            guard let tag = text(element, field: elementField, length: tagLength, notBlank: false, &errors) else { continue }
            // Code point for code point, as JSON Schema's uniqueItems compares: a `String` key would also equate
            // canonically equivalent spellings ("é" and "e\u{301}"), which the document calls different.
            let key = tag.unicodeScalars.map(\.value)
            if let first = firstIndex[key] {
                errors.add(elementField, "duplicates tags[\(first)]: tags must be unique")
            } else {
                firstIndex[key] = index
            }
            tags.append(tag)
        }
        return errors.all.count == problems ? tags : nil
    }

    private static func text(
        _ value: JSON, field: String, length: ClosedRange<Int>, notBlank: Bool, allowing allowed: Set<Unicode.Scalar> = [],
        _ errors: inout FieldErrors
    ) -> String? {
        guard let text = value.stringValue else {
            errors.add(field, "must be a string")
            return nil
        }
        let count = text.unicodeScalars.count
        if count < length.lowerBound {
            errors.add(field, "must not be empty")
            return nil
        }
        if count > length.upperBound {
            errors.add(field, "must be at most \(length.upperBound) characters")
            return nil
        }
        if text.unicodeScalars.contains(where: { isControl($0) && !allowed.contains($0) }) {
            errors.add(field, allowed.isEmpty ? "must not contain control characters" : "must not contain control characters other than tab and line feed")
            return nil
        }
        if notBlank, text.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
            errors.add(field, "must not be blank")
            return nil
        }
        return text
    }

    /// Unicode's control characters (general category Cc): C0, DEL and C1. They break logs, terminals and
    /// the CSV or HTML our users render; none belongs in a product's text.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func nonNegativeInteger(
        _ value: JSON, field: String, minimum: Int, maximum: Int = Int.max, _ errors: inout FieldErrors
    ) -> Int? {
        guard let text = value.numberText, let decimal = ExactDecimal(text), decimal.isIntegral else {
            errors.add(field, "must be an integer")
            return nil
        }
        guard let integer = value.intValue else {
            errors.add(field, decimal.isNegative ? "must be at least \(minimum)" : "must be at most \(maximum)")
            return nil
        }
        guard integer >= minimum else {
            errors.add(field, "must be at least \(minimum)")
            return nil
        }
        guard integer <= maximum else {
            errors.add(field, "must be at most \(maximum)")
            return nil
        }
        return integer
    }

    /// Compares two non-negative decimals by value.
    static func isGreater(_ lhs: ExactDecimal, than rhs: ExactDecimal) -> Bool {
        if lhs.isZero || rhs.isZero { return !lhs.isZero }
        if lhs.magnitude != rhs.magnitude { return lhs.magnitude > rhs.magnitude }
        // Same leading power of ten: compare the digit strings, padded to the same length.
        let width = max(lhs.digits.count, rhs.digits.count)
        let left = lhs.digits + String(repeating: "0", count: width - lhs.digits.count)
        let right = rhs.digits + String(repeating: "0", count: width - rhs.digits.count)
        return left > right
    }
}
