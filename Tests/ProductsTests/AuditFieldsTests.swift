import Codec
import DynamoDB
import Testing
@testable import Products

/// `createdBy` / `updatedBy`: who changed a product, stored and shown when the API runs with authentication.
@Suite struct AuditFieldsTests {
    var audited: Product {
        var product = sampleProduct
        product.createdBy = "user-1"
        product.updatedBy = "client-9"
        return product
    }

    @Test func areStoredAsStringsAndRoundTrip() throws {
        #expect(audited.item["createdBy"] == .s("user-1"))
        #expect(audited.item["updatedBy"] == .s("client-9"))
        #expect(try Product(item: audited.item) == audited)
    }

    @Test func areShownInTheJSONOnlyWhenKnown() {
        #expect(audited.json["createdBy"] == "user-1")
        #expect(audited.json["updatedBy"] == "client-9")
        #expect(sampleProduct.json["createdBy"] == nil)
        #expect(sampleProduct.item["updatedBy"] == nil)
    }

    @Test func aNonStringValueIsACorruptItem() {
        var item = audited.item
        item["createdBy"] = .n("1")
        #expect(throws: ProductItemError.self) { try Product(item: item) }
    }
}
