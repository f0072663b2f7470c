import Codec
import DynamoDB
import Testing
@testable import Products

@Suite struct ItemMappingTests {
    @Test func writesEveryAttributeWithItsDynamoDBType() {
        let item = sampleProduct.item
        #expect(item == [
            "productId": .s(sampleProduct.id), "name": .s("Desk lamp"), "description": .s("Warm light"), "price": .n("19.99"),
            "category": .s("lighting"), "inventoryCount": .n("7"), "tags": .l([.s("desk"), .s("led")]),
            "createdAt": .s("2026-11-23T11:16:45.123Z"), "updatedAt": .s("2026-11-23T11:20:00.000Z"), "version": .n("3"),
        ])
    }

    @Test func leavesOutAbsentOptionalAttributes() {
        var product = sampleProduct
        product.fields.description = nil
        product.fields.tags = []
        #expect(product.item["description"] == nil)
        #expect(product.item["tags"] == nil)
        #expect(product.item.count == 8)
    }

    @Test func roundTrips() throws {
        #expect(try Product(item: sampleProduct.item) == sampleProduct)
        var bare = sampleProduct
        bare.fields.description = nil
        bare.fields.tags = []
        #expect(try Product(item: bare.item) == bare)
    }

    @Test func acceptsAStringSetForTags() throws {
        var item = sampleProduct.item
        item["tags"] = .ss(["a", "b"])
        #expect(try Product(item: item).fields.tags == ["a", "b"])
    }

    @Test func namesTheBrokenAttribute() {
        var cases: [(Item, String)] = []
        var item = sampleProduct.item
        item["price"] = .s("19.99")
        cases.append((item, "price"))
        item = sampleProduct.item
        item["version"] = .n("1.5")
        cases.append((item, "version"))
        item = sampleProduct.item
        item["name"] = nil
        cases.append((item, "name"))
        item = sampleProduct.item
        item["tags"] = .l([.s("a"), .n("1")])
        cases.append((item, "tags"))
        item = sampleProduct.item
        item["description"] = .bool(true)
        cases.append((item, "description"))
        for (broken, attribute) in cases {
            #expect {
                try Product(item: broken)
            } throws: { error in
                (error as? ProductItemError)?.attribute == attribute
            }
        }
    }

    @Test func writesTheAPIForm() {
        #expect(sampleProduct.json.text == #"{"productId":"3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b","name":"Desk lamp","#
            + #""description":"Warm light","price":19.99,"category":"lighting","inventoryCount":7,"tags":["desk","led"],"#
            + #""createdAt":"2026-11-23T11:16:45.123Z","updatedAt":"2026-11-23T11:20:00.000Z","version":3}"#)
        var bare = sampleProduct
        bare.fields.description = nil
        bare.fields.tags = []
        #expect(bare.json["description"] == nil)
        #expect(bare.json["tags"] == .array([]))
        #expect(sampleProduct.entityTag == "\"3\"")
    }

    @Test func replacementPatchSetsOrRemovesEveryField() {
        var fields = sampleFields
        fields.description = nil
        fields.tags = []
        let patch = ProductPatch(replacingWith: fields)
        #expect(patch.description == .remove)
        #expect(patch.tags == .remove)
        #expect(patch.name == "Desk lamp")
        #expect(patch.inventoryCount == 7)
        #expect(!patch.isEmpty)
        #expect(ProductPatch().isEmpty)
    }
}

@Suite struct ProductIDTests {
    @Test func generatesUUIDv4Text() {
        let ids = (0..<200).map { _ in ProductID.generate() }
        #expect(Set(ids).count == ids.count)
        for id in ids { #expect(ProductID.isValid(id)) }
    }

    @Test(arguments: [
        "3F2B8C1E-5D4A-4E6F-9A7B-0C1D2E3F4A5B", "3f2b8c1e-5d4a-1e6f-9a7b-0c1d2e3f4a5b", "3f2b8c1e-5d4a-4e6f-7a7b-0c1d2e3f4a5b",
        "3f2b8c1e5d4a4e6f9a7b0c1d2e3f4a5b", "", "idempotency#abc", "3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5bb",
    ])
    func refusesOtherForms(id: String) {
        #expect(!ProductID.isValid(id))
    }
}

@Suite struct IdempotencyTests {
    @Test func recordIDsCannotCollideWithProductIDs() {
        var errors = FieldErrors()
        let key = IdempotencyKey(header: "order-42", &errors)
        #expect(key?.recordID.hasPrefix("idempotency#") == true)
        #expect(key?.recordID.count == "idempotency#".count + 64)
        #expect(key.map { ProductID.isValid($0.recordID) } == false)
        #expect(IdempotencyKey(header: "order-43", &errors)?.recordID != key?.recordID)
    }

    @Test(arguments: ["", String(repeating: "k", count: 256), "has space", "naïve"])
    func refusesUnusableKeys(header: String) {
        var errors = FieldErrors()
        #expect(IdempotencyKey(header: header, &errors) == nil)
        #expect(errors.all.map(\.field) == ["Idempotency-Key"])
    }

    @Test func requestHashFollowsValuesNotSpelling() {
        var same = sampleFields
        same.price = ExactDecimal("19.990")!
        #expect(IdempotencyRecord.requestHash(of: sampleFields) == IdempotencyRecord.requestHash(of: same))
        var different = sampleFields
        different.inventoryCount = 8
        #expect(IdempotencyRecord.requestHash(of: sampleFields) != IdempotencyRecord.requestHash(of: different))
        var noDescription = sampleFields
        noDescription.description = nil
        #expect(IdempotencyRecord.requestHash(of: sampleFields) != IdempotencyRecord.requestHash(of: noDescription))
    }

    @Test func recordRoundTripsThroughItsItem() throws {
        let record = IdempotencyRecord(recordID: "idempotency#ab", requestHash: "cd", product: sampleProduct, expiresAt: 1_800_000_000)
        #expect(record.item["expiresAt"] == .n("1800000000"))
        #expect(record.item["category"] == nil)  // keeps records out of the category index
        #expect(try IdempotencyRecord(item: record.item) == record)
    }
}
