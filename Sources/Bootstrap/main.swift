// The Lambda custom runtime entry point. Everything built here (Runtime API handle, DynamoDB client and its
// connection, router) lives for the whole process and serves every warm invocation. Init stays cheap: it reads
// the environment and allocates; no network and no file reads happen before the first `GET /next`.
import Auth
import APIDocument
import Codec
import DynamoDB
import HTTPRouter
import Products

let initStartedAt = UTCTime.monotonicNanoseconds()

HTTPFunction.run(initStartedAt: initStartedAt) { logger in
    let auth = try AuthConfiguration.fromEnvironment()
    if case .none = auth {
        logger.warn("AUTH_MODE=none: product writes are served WITHOUT authentication; anyone who can reach the API can change data")
    }
    let client = try DynamoDBClient(configuration: try DynamoDBConfiguration.fromEnvironment())
    let router = Router()
    HealthRoute.register(on: router)
    OpenAPIDocument.register(on: router)
    try ProductsAPI.fromEnvironment(client: client, auth: auth).register(on: router)
    return router
}
