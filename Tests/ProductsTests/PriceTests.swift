import Codec
import Testing
@testable import Products

@Suite struct PriceTests {
    private func check(_ text: String) -> (ExactDecimal?, [String]) {
        var errors = FieldErrors()
        let price = FieldRules.price(.number(text), &errors)
        return (price, errors.all.map(\.message))
    }

    @Test func keepsTheDigitsExactly() throws {
        for text in ["19.99", "0.1", "0.07", "999999999999.99", "0", "0.01"] {
            let (price, problems) = check(text)
            #expect(problems.isEmpty)
            #expect(price?.description == text)
        }
        // Same value, plain notation: trailing zeros and exponents are normalised, never rounded.
        #expect(check("1.50").0?.description == "1.5")
        #expect(check("1e2").0?.description == "100")
        #expect(check("2.5E-1").0?.description == "0.25")
    }

    @Test func refusesMoreThanTwoDecimalPlaces() {
        #expect(check("0.001").1 == ["must have at most 2 decimal places"])
        #expect(check("19.999").1 == ["must have at most 2 decimal places"])
        #expect(check("1.100").1.isEmpty)
    }

    @Test func refusesNegativeAndHugePrices() {
        #expect(check("-0.01").1 == ["must be at least 0"])
        #expect(check("1000000000000").1 == ["must be at most 999999999999.99"])
        #expect(check("1e300").1 == ["must be at most 999999999999.99"])
        #expect(check("-0").1.isEmpty)
    }

    @Test func refusesNonNumbers() {
        var errors = FieldErrors()
        #expect(FieldRules.price(.string("19.99"), &errors) == nil)
        #expect(errors.all.map(\.message) == ["must be a number"])
    }

    @Test func travelsExactlyThroughItemAndJSON() throws {
        var product = sampleProduct
        product.fields.price = ExactDecimal("123456789012.34")!
        #expect(product.item["price"] == .n("123456789012.34"))
        #expect(product.json["price"] == .number("123456789012.34"))
        #expect(try Product(item: product.item).fields.price.description == "123456789012.34")
    }

    @Test func comparesDecimalsByValue() {
        let max = FieldRules.maximumPrice
        #expect(FieldRules.isGreater(ExactDecimal("999999999999.991")!, than: max))
        #expect(!FieldRules.isGreater(ExactDecimal("999999999999.99")!, than: max))
        #expect(!FieldRules.isGreater(ExactDecimal("5")!, than: max))
        #expect(FieldRules.isGreater(ExactDecimal("1")!, than: ExactDecimal("0")!))
        #expect(!FieldRules.isGreater(ExactDecimal("0")!, than: ExactDecimal("0.01")!))
    }
}
