#if canImport(Glibc)
import Glibc
#endif

/// Runs an entry point over files, without libFuzzer: how a finding is replayed in a normal build.
public enum FuzzReplay {
    public static func run(_ target: (UnsafeRawBufferPointer) -> Void, arguments: [String] = CommandLine.arguments) {
        for path in arguments.dropFirst() {
            guard let bytes = read(path) else {
                print("cannot read \(path)")
                exit(2)
            }
            bytes.withUnsafeBytes(target)
            print("\(path): ok")
        }
    }

    /// The file's bytes, or nil when it cannot be read.
    public static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if count < chunk.count { return ferror(file) == 0 ? bytes : nil }
        }
    }
}
