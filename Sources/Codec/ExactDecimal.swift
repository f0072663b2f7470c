/// A decimal number held as its digits, never as a binary float: DynamoDB numbers have up to 38
/// significant digits and a price of 19.99 must stay 19.99.
public struct ExactDecimal: Sendable, Equatable, CustomStringConvertible {
    public let isNegative: Bool
    /// Significant digits without leading or trailing zeros ("" for zero).
    public let digits: String
    /// The value is `digits × 10^exponent`.
    public let exponent: Int

    /// Parses JSON number syntax (and DynamoDB's, which also allows a leading `+` or `.5`).
    public init?(_ text: String) {
        var bytes = Array(text.utf8)[...]
        guard !bytes.isEmpty else { return nil }
        var negative = false
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") {
            negative = bytes.first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var mantissa: [UInt8] = []
        var exponent = 0
        var sawDigit = false
        var sawPoint = false
        while let byte = bytes.first, byte != UInt8(ascii: "e"), byte != UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if byte == UInt8(ascii: ".") {
                guard !sawPoint else { return nil }
                sawPoint = true
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                sawDigit = true
                mantissa.append(byte)
                if sawPoint { exponent -= 1 }
            } else {
                return nil
            }
        }
        guard sawDigit else { return nil }
        if !bytes.isEmpty {
            bytes = bytes.dropFirst()
            guard let power = Int(String(decoding: bytes, as: UTF8.self)), abs(power) < 1_000_000 else { return nil }
            exponent += power
        }
        while mantissa.first == UInt8(ascii: "0") { mantissa.removeFirst() }
        while mantissa.last == UInt8(ascii: "0") {
            mantissa.removeLast()
            exponent += 1
        }
        if mantissa.isEmpty { exponent = 0 }
        self.isNegative = negative && !mantissa.isEmpty
        self.digits = String(decoding: mantissa, as: UTF8.self)
        self.exponent = exponent
    }

    public var isZero: Bool { digits.isEmpty }
    public var isIntegral: Bool { exponent >= 0 }
    /// Digits after the decimal point in the shortest plain notation.
    public var fractionDigits: Int { max(0, -exponent) }
    /// The base-10 exponent of the leading digit (for range checks: DynamoDB allows 1E-130 to 9.9E+125).
    public var magnitude: Int { digits.count + exponent - 1 }

    /// Plain notation, no exponent: "19.99", "-0.5", "1200".
    public var description: String {
        guard !digits.isEmpty else { return "0" }
        var text = isNegative ? "-" : ""
        if exponent >= 0 {
            text += digits + String(repeating: "0", count: exponent)
        } else if -exponent >= digits.count {
            text += "0." + String(repeating: "0", count: -exponent - digits.count) + digits
        } else {
            let split = digits.index(digits.endIndex, offsetBy: exponent)
            text += digits[..<split] + "." + digits[split...]
        }
        return text
    }
}
