// products-bench <benchmark>: CPU micro-benchmarks, run by `make bench`. Each benchmark is one entry in
// `benchmarks`; add yours there.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

let benchmarks: [(name: String, summary: String, run: () -> Void)] = [
    (name: "getitem", summary: "DynamoDB GetItem: sign + encode the request, decode a response (no network)", run: GetItemBenchmark.run),
    (name: "jwt", summary: "bearer token verification with a cached key (RS256, ES256)", run: JWTBenchmark.run),
    (name: "jwt-count", summary: "jwt-count N [es256]: N verifications, untimed (for callgrind)", run: { JWTBenchmark.count(CommandLine.arguments.dropFirst(2)) }),
]

let arguments = CommandLine.arguments.dropFirst()
guard let name = arguments.first, let benchmark = benchmarks.first(where: { $0.name == name }) else {
    print("usage: products-bench <benchmark>")
    for benchmark in benchmarks { print("  \(benchmark.name)  \(benchmark.summary)") }
    exit(2)
}
benchmark.run()
