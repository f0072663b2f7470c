import Codec
import Testing
@testable import Products

@Suite struct CreateValidationTests {
    @Test func acceptsAValidProductAndAppliesDefaults() throws {
        var errors = FieldErrors()
        let fields = ProductInput.fields(
            from: try object(#"{"name":"Lamp","price":12.5,"category":"lighting"}"#), allowingVersion: false, &errors)
        #expect(errors.isEmpty)
        #expect(fields == ProductFields(name: "Lamp", price: ExactDecimal("12.5")!, category: "lighting"))
        #expect(fields?.inventoryCount == 0)
        #expect(fields?.tags == [])
        #expect(fields?.description == nil)
    }

    @Test func reportsEveryProblemAtOnce() throws {
        var errors = FieldErrors()
        let body = try object(
            #"""
            {"name":"   ","description":7,"price":1.999,"category":"","inventoryCount":-1,"tags":["a","a",""],
             "productId":"x","colour":"red"}
            """#)
        let fields = ProductInput.fields(from: body, allowingVersion: false, &errors)
        #expect(fields == nil)
        #expect(errors.messages(for: "name") == ["must not be blank"])
        #expect(errors.messages(for: "description") == ["must be a string"])
        #expect(errors.messages(for: "price") == ["must have at most 2 decimal places"])
        #expect(errors.messages(for: "category") == ["must not be empty"])
        #expect(errors.messages(for: "inventoryCount") == ["must be at least 0"])
        #expect(errors.messages(for: "tags[1]") == ["duplicates tags[0]: tags must be unique"])
        #expect(errors.messages(for: "tags[2]") == ["must not be empty"])
        #expect(errors.messages(for: "productId") == ["is read-only"])
        #expect(errors.messages(for: "colour") == ["is not a known field"])
        #expect(errors.all.count == 9)
    }

    @Test func requiresNameCategoryAndPrice() throws {
        var errors = FieldErrors()
        _ = ProductInput.fields(from: try object(#"{"name":null}"#), allowingVersion: false, &errors)
        #expect(errors.messages(for: "name") == ["must not be null"])
        #expect(errors.messages(for: "price") == ["is required"])
        #expect(errors.messages(for: "category") == ["is required"])
    }

    @Test func refusesVersionOnCreateButNotOnReplace() throws {
        let body = try object(#"{"name":"Lamp","price":1,"category":"c","version":2}"#)
        var createErrors = FieldErrors()
        _ = ProductInput.fields(from: body, allowingVersion: false, &createErrors)
        #expect(createErrors.messages(for: "version") == ["is read-only"])
        var replaceErrors = FieldErrors()
        #expect(ProductInput.fields(from: body, allowingVersion: true, &replaceErrors) != nil)
        #expect(replaceErrors.isEmpty)
    }

    @Test func enforcesLengthsInCodePoints() throws {
        var errors = FieldErrors()
        #expect(FieldRules.name(.string(String(repeating: "é", count: 200)), &errors) != nil)
        #expect(FieldRules.name(.string(String(repeating: "n", count: 201)), &errors) == nil)
        #expect(FieldRules.category(.string(String(repeating: "c", count: 101)), &errors) == nil)
        #expect(FieldRules.description(.string(String(repeating: "d", count: 2000)), &errors) != nil)
        #expect(FieldRules.description(.string(String(repeating: "d", count: 2001)), &errors) == nil)
        #expect(FieldRules.description(.string(""), &errors) == "")
        #expect(errors.all.map(\.message) == [
            "must be at most 200 characters", "must be at most 100 characters", "must be at most 2000 characters",
        ])
    }

    @Test func checksTags() {
        var errors = FieldErrors()
        #expect(FieldRules.tags(.array((1...20).map { .string("t\($0)") }), &errors)?.count == 20)
        #expect(errors.isEmpty)
        #expect(FieldRules.tags(.array((1...21).map { .string("t\($0)") }), &errors) == nil)
        #expect(errors.messages(for: "tags") == ["must have at most 20 tags"])
        errors = FieldErrors()
        #expect(FieldRules.tags(.array([.string(String(repeating: "x", count: 51)), .number(1)]), &errors) == nil)
        #expect(errors.messages(for: "tags[0]") == ["must be at most 50 characters"])
        #expect(errors.messages(for: "tags[1]") == ["must be a string"])
        errors = FieldErrors()
        #expect(FieldRules.tags(.string("a"), &errors) == nil)
        #expect(errors.messages(for: "tags") == ["must be an array of strings"])
    }

    @Test func checksInventoryCount() {
        var errors = FieldErrors()
        #expect(FieldRules.inventoryCount(.number("0"), &errors) == 0)
        #expect(FieldRules.inventoryCount(.number("4.0"), &errors) == 4)
        #expect(errors.isEmpty)
        #expect(FieldRules.inventoryCount(.number("1.5"), &errors) == nil)
        #expect(FieldRules.inventoryCount(.string("3"), &errors) == nil)
        #expect(FieldRules.inventoryCount(.number("1e30"), &errors) == nil)
        #expect(errors.all.map(\.message) == ["must be an integer", "must be an integer", "must be at most \(Int.max)"])
    }
}

@Suite struct PatchValidationTests {
    @Test func changesOnlyTheGivenFields() throws {
        var errors = FieldErrors()
        let patch = ProductInput.patch(from: try object(#"{"price":3,"description":null,"tags":["x"]}"#), &errors)
        var expected = ProductPatch()
        expected.price = ExactDecimal("3")
        expected.description = .remove
        expected.tags = .set(["x"])
        #expect(patch == expected)
        #expect(errors.isEmpty)
    }

    @Test func emptyTagsRemoveThem() throws {
        var errors = FieldErrors()
        #expect(ProductInput.patch(from: try object(#"{"tags":[]}"#), &errors)?.tags == .remove)
        #expect(ProductInput.patch(from: try object(#"{"tags":null}"#), &errors)?.tags == .remove)
    }

    @Test func nullIsAnErrorForRequiredFields() throws {
        var errors = FieldErrors()
        let patch = ProductInput.patch(
            from: try object(#"{"name":null,"price":null,"category":null,"inventoryCount":null,"createdAt":"x"}"#), &errors)
        #expect(patch == nil)
        for field in ["name", "price", "category", "inventoryCount"] {
            #expect(errors.messages(for: field) == ["must not be null"])
        }
        #expect(errors.messages(for: "createdAt") == ["is read-only"])
    }

    @Test func needsAtLeastOneChange() throws {
        var errors = FieldErrors()
        #expect(ProductInput.patch(from: try object(#"{"version":2}"#), &errors) == nil)
        #expect(errors.all.map(\.field) == ["body"])
    }

    @Test func readsTheBodyVersion() throws {
        var errors = FieldErrors()
        #expect(ProductInput.bodyVersion(from: try object(#"{"version":4}"#), &errors) == 4)
        #expect(ProductInput.bodyVersion(from: try object(#"{}"#), &errors) == nil)
        #expect(ProductInput.bodyVersion(from: try object(#"{"version":0}"#), &errors) == nil)
        #expect(errors.messages(for: "version") == ["must be at least 1"])
    }
}
