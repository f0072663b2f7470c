/// The units CloudWatch accepts (the EMF specification's `StandardUnit` list).
public enum MetricUnit: String, Sendable, CaseIterable {
    case seconds = "Seconds", microseconds = "Microseconds", milliseconds = "Milliseconds"
    case bytes = "Bytes", kilobytes = "Kilobytes", megabytes = "Megabytes", gigabytes = "Gigabytes", terabytes = "Terabytes"
    case bits = "Bits", kilobits = "Kilobits", megabits = "Megabits", gigabits = "Gigabits", terabits = "Terabits"
    case percent = "Percent", count = "Count"
    case bytesPerSecond = "Bytes/Second", kilobytesPerSecond = "Kilobytes/Second", megabytesPerSecond = "Megabytes/Second"
    case gigabytesPerSecond = "Gigabytes/Second", terabytesPerSecond = "Terabytes/Second"
    case bitsPerSecond = "Bits/Second", kilobitsPerSecond = "Kilobits/Second", megabitsPerSecond = "Megabits/Second"
    case gigabitsPerSecond = "Gigabits/Second", terabitsPerSecond = "Terabits/Second"
    case countPerSecond = "Count/Second"
    case none = "None"
}
