// The do-nothing custom runtime `make bench` compares the products bootstrap with (issue 20): the same
// runtime, transport and router from this project, statically linked the same way, serving only
// `GET /health`. Its start-up is the floor of a Swift runtime built from this code: what the products
// bootstrap costs on top of it is what the products API, DynamoDB and auth set-up cost. Never deployed.
import HTTPRouter
import LambdaRuntime
import Products

LambdaRuntime.run { _ in
    let router = Router()
    HealthRoute.register(on: router)
    return HTTPFunction(router: router)
}
