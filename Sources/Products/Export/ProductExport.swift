import Codec
import HTTPEvents
import LambdaRuntime

/// `GET /products/export`: every product as NDJSON (one `GET /products/{id}` document per line), every page
/// of the table. One page is in memory at a time: it is written out before the next is read, so the memory
/// used is the same whatever the table's size.
///
/// The first page is read before the response starts, so a DynamoDB failure there is an ordinary error
/// response (503, 504). A failure on a later page comes after the 200 and some lines have gone out: the
/// stream ends with an error (the client sees it cut short), and the cause goes to the log only.
struct ProductExport {
    static let contentType = "application/x-ndjson"
    /// Products per page: the listing's largest page.
    static let pageSize = ProductsService.pageSizes.upperBound

    let service: ProductsService

    func response(deadline: Int64, logger: Logger) throws(ProductsError) -> HTTPResponse {
        let first = try service.exportPage(after: nil, limit: Self.pageSize, deadline: deadline)
        let service = self.service
        let stream = HTTPBodyStream { emit in
            var page = first
            var written = 0
            while true {
                try emit(Self.lines(page.products))
                written += page.products.count
                guard let next = page.lastEvaluatedKey else { return }
                do throws(ProductsError) {
                    page = try service.exportPage(after: next, limit: Self.pageSize, deadline: deadline)
                } catch {
                    logger.error("export failed mid-stream", [("productsWritten", .number(written))] + (HTTPErrorMapping.logDetail(for: error) ?? [("error", .string(String(describing: error)))]))
                    throw InvocationError(
                        errorType: "ExportFailed", errorMessage: "the export stopped after \(written) products; the function's log says why")
                }
            }
        }
        return .streamed(200, headers: HTTPHeaders([("Content-Type", Self.contentType)]), stream)
    }

    /// One line per product, each the document `GET /products/{id}` answers.
    static func lines(_ products: [Product]) -> [UInt8] {
        var bytes: [UInt8] = []
        for product in products {
            bytes += product.json.serialized()
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }
}
