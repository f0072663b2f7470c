import Codec
import Testing
@testable import Products

/// Regressions from the hostile-input corpus (Tests/hostile/cases.jsonl), one per bug it found.
@Suite struct ControlCharacterTests {
    /// C0 controls, DEL and C1 controls (the `control/*` cases were all stored as given).
    static let controls: [Unicode.Scalar] = ["\u{0}", "\u{7}", "\u{1B}", "\r", "\n", "\t", "\u{B}", "\u{7F}", "\u{85}", "\u{9B}", "\u{9F}"]

    @Test(arguments: controls)
    func nameCategoryAndTagsRefuseEveryControlCharacter(_ control: Unicode.Scalar) {
        var errors = FieldErrors()
        let text = JSON.string("a\(control)b")
        #expect(FieldRules.name(text, &errors) == nil)
        #expect(FieldRules.category(text, &errors) == nil)
        #expect(FieldRules.tags(.array([text]), &errors) == nil)
        #expect(errors.messages(for: "name") == ["must not contain control characters"])
        #expect(errors.messages(for: "category") == ["must not contain control characters"])
        #expect(errors.messages(for: "tags[0]") == ["must not contain control characters"])
    }

    @Test(arguments: controls.filter { $0 != "\t" && $0 != "\n" })
    func descriptionRefusesControlsOtherThanTabAndLineFeed(_ control: Unicode.Scalar) {
        var errors = FieldErrors()
        #expect(FieldRules.description(.string("a\(control)b"), &errors) == nil)
        #expect(errors.messages(for: "description") == ["must not contain control characters other than tab and line feed"])
    }

    @Test func descriptionKeepsTabsAndLineFeeds() {
        var errors = FieldErrors()
        #expect(FieldRules.description(.string("line one\n\tline two"), &errors) == "line one\n\tline two")
        #expect(errors.isEmpty)
    }

    @Test func printableUnicodeNextToTheControlRangesIsFine() {
        var errors = FieldErrors()
        for text in ["~", "\u{A0}lamp", "é", "😀", "\u{2028}"] {
            #expect(FieldRules.name(.string("x" + text), &errors) != nil)
        }
        #expect(errors.isEmpty)
    }

    @Test func aListingCategoryWithAControlIsA400() {
        #expect(throws: ProductsError.self) { try ListQuery(request("GET", query: [("category", "a\u{0}")])) }
    }
}

@Suite struct VersionLimitTests {
    /// `If-Match: "9223372036854775807"` made the update store `version + 1` and trapped: the process died.
    /// Versions now have at most 18 digits, so `version + 1` always fits.
    @Test(arguments: ["\"9223372036854775807\"", "9223372036854775807", "W/\"9223372036854775807\"", "\"1000000000000000000\""])
    func ifMatchBeyondTheLastUpdatableVersionIsRefused(_ header: String) {
        var errors = FieldErrors()
        #expect(IfMatch.condition(from: header, &errors) == nil)
        #expect(errors.messages(for: "If-Match") == ["must be * or one version as an entity tag, e.g. \"3\""])
    }

    @Test func theLastUpdatableVersionIsAccepted() {
        var errors = FieldErrors()
        let last = FieldRules.maximumVersion
        #expect(IfMatch.condition(from: "\"\(last)\"", &errors) == .version(last))
        #expect(FieldRules.version(.number(String(last)), &errors) == last)
        #expect(errors.isEmpty)
    }

    @Test func aBodyVersionOfIntMaxIsRefused() {
        var errors = FieldErrors()
        #expect(FieldRules.version(.number(String(Int.max)), &errors) == nil)
        #expect(errors.messages(for: "version") == ["must be at most \(FieldRules.maximumVersion)"])
    }
}

@Suite struct TagFloodTests {
    /// 12,000 tags in a 64 KiB body were each checked against every earlier one, and each duplicate became an
    /// error in the answer; now only the first `checkedTags` are checked, in one pass.
    @Test func thousandsOfTagsAreBoundedProblems() {
        var errors = FieldErrors()
        #expect(FieldRules.tags(.array(Array(repeating: .string("t"), count: 12_000)), &errors) == nil)
        #expect(errors.all.first == FieldError(field: "tags", message: "must have at most 20 tags"))
        #expect(errors.all.count == FieldRules.checkedTags)
        #expect(errors.messages(for: "tags[99]") == ["duplicates tags[0]: tags must be unique"])
        #expect(errors.messages(for: "tags[100]").isEmpty)
    }
}

@Suite struct EchoedTextTests {
    /// A huge id or media type is quoted back cut short, so the answer stays small.
    @Test func notFoundAndMediaTypeMessagesQuoteAnExcerpt() {
        let huge = String(repeating: "\"", count: 100_000)
        let notFound = HTTPErrorMapping.httpError(for: .notFound(id: huge))
        let mediaType = HTTPErrorMapping.httpError(for: .unsupportedMediaType(huge))
        #expect(notFound.message.utf8.count < 300)
        #expect(mediaType.message.utf8.count < 400)
        #expect(notFound.message.contains("…"))
    }
}
