import Codec
import DynamoDB
import HTTPEvents
import HTTPRouter
import HTTPTransport
import LambdaRuntime
import Products

extension FuzzTargets {
    /// Event decoding plus routing: the bootstrap's own handler (HTTPFunction, the router, the products routes
    /// with their validation, cursors and the DynamoDB client) over a transport that answers every call with an
    /// empty DynamoDB result, so nothing leaves the process. Any bytes get either a posted-error type the
    /// runtime knows or a response document in the source's shape; errors carry the error shape.
    public static func event(_ input: UnsafeRawBufferPointer) {
        let context = LambdaContext(
            requestID: "fuzz", deadlineEpochMilliseconds: UTCTime.nowMilliseconds() + 10_000, logger: EventFuzzing.quietLogger)
        let output: [UInt8]
        do {
            output = try EventFuzzing.function.handle(event: input.bytes, context: context)
        } catch let error as InvocationError {
            FuzzCheck.require(["InvalidEvent", "UnsupportedEvent"].contains(error.errorType), "posted \(error.errorType)")
            return
        } catch {
            FuzzCheck.require(false, "unexpected error \(error)")
            return
        }
        guard let document = try? JSON.parse(output), let status = document["statusCode"]?.intValue else {
            return FuzzCheck.require(false, "the response is no response document")
        }
        FuzzCheck.require((100...599).contains(status), "status \(status)")
        FuzzCheck.require(document["body"]?.stringValue != nil, "no body")
        if status >= 400, document["isBase64Encoded"] == .bool(false), let body = document["body"]?.stringValue {
            let error = (try? JSON.parse(body))?["error"]
            FuzzCheck.require(error?["code"]?.stringValue?.isEmpty == false, "an error without the error shape")
            FuzzCheck.require(error?["requestId"] == .string("fuzz"), "an error without the request id")
        }
    }
}

/// Built once, as the bootstrap builds them once per process.
enum EventFuzzing {
    static let quietLogger = Logger(minimumLevel: .fatal, sink: { _ in })

    nonisolated(unsafe) static let function: HTTPFunction = {
        let configuration = DynamoDBConfiguration(
            region: "us-east-1", credentials: Credentials(accessKeyID: "AKIDFUZZ", secretAccessKey: "fuzz-secret"))
        let client = DynamoDBClient(configuration: configuration, transport: EmptyAnswers())
        let router = Router(cors: CORSPolicy(allowedOrigins: ["https://app.example"]))
        HealthRoute.register(on: router)
        ProductsAPI(client: client, configuration: ProductsConfiguration(tableName: "products", cursorSecret: "fuzz"), authenticator: nil)
            .register(on: router)
        return HTTPFunction(router: router)
    }()
}

/// Answers every DynamoDB call with `{}` at once: no item, no page, no attributes.
final class EmptyAnswers: DynamoDBTransport {
    func send(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        HTTPClientResponse(status: 200, headers: [], body: Array("{}".utf8), reusedConnection: true)
    }
}
