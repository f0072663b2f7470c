// The Lambda custom runtime entry point. Everything built here (Runtime API handle, DynamoDB client and its
// connection, router) lives for the whole process and serves every warm invocation. Init stays cheap: it reads
// the environment and allocates; no network and no file reads happen before the first `GET /next`.
import APIDocument
import Codec
import DynamoDB
import HTTPRouter
import LambdaRuntime
import Products

let initStartedAt = UTCTime.monotonicNanoseconds()

LambdaRuntime.run(initStartedAt: initStartedAt) { _ in
    let client = try DynamoDBClient(configuration: try DynamoDBConfiguration.fromEnvironment())
    let router = Router()
    HealthRoute.register(on: router)
    OpenAPIDocument.register(on: router)
    try ProductsAPI.fromEnvironment(client: client).register(on: router)
    return HTTPFunction(router: router)
}
