#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs `count` bodies at once on OS threads (the calling thread runs the first) and returns when all
/// have returned. Our handlers are synchronous, so a thread per concurrent invocation is the whole model.
/// A thread the system refuses is reported and skipped: fewer workers still serve.
enum WorkerThreads {
    static func run(count: Int, onSpawnFailure: (Int, Int32) -> Void = { _, _ in }, _ body: @escaping @Sendable (Int) -> Void) {
        var threads: [pthread_t] = []
        for index in 1..<max(count, 1) {
            let box = Unmanaged.passRetained(WorkerBody { body(index) }).toOpaque()
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, { context in
                let work = Unmanaged<WorkerBody>.fromOpaque(context!).takeRetainedValue()
                work.run()
                return nil
            }, box)
            guard status == 0 else {
                Unmanaged<WorkerBody>.fromOpaque(box).release()
                onSpawnFailure(index, status)
                continue
            }
            threads.append(thread)
        }
        body(0)
        for thread in threads { pthread_join(thread, nil) }
    }
}

private final class WorkerBody: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}
