import HTTPEvents

/// `GET /products?category=&limit=&cursor=`: which listing, how many per page, and where to continue.
public struct ListQuery: Sendable, Equatable {
    public var listing: Listing
    public var limit: Int
    public var cursor: String?

    /// All problems with `limit` and `category` at once; the cursor is checked later, against its listing.
    public init(_ request: HTTPRequest) throws(ProductsError) {
        var errors = FieldErrors()
        limit = ProductsService.defaultPageSize
        if let text = request.queryValue("limit") {
            if let value = Int(text), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), ProductsService.pageSizes.contains(value) {
                limit = value
            } else {
                let range = ProductsService.pageSizes
                errors.add("limit", "must be an integer from \(range.lowerBound) to \(range.upperBound)")
            }
        }
        listing = .all
        if let text = request.queryValue("category"), let category = FieldRules.category(.string(text), &errors) {
            listing = .category(category)
        }
        cursor = request.queryValue("cursor")
        try errors.throwIfAny()
    }
}
