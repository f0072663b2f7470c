import Codec
import LambdaRuntime
import Testing

@Suite struct RetryPolicyTests {
    @Test func defaultBackoffDoublesFrom5msTo500msWithinAFewSeconds() {
        let delays = RetryPolicy().delays
        #expect(delays == [5, 10, 20, 40, 80, 160, 320, 500, 500, 500, 500])
        #expect(delays.reduce(0, +) <= 3000)
    }

    @Test func delaysNeverExceedTheBudgetOrTheCap() {
        for budget in [0, 1, 7, 100, 1234] {
            let policy = RetryPolicy(initialDelayMilliseconds: 3, maximumDelayMilliseconds: 40, budgetMilliseconds: budget)
            #expect(policy.delays.reduce(0, +) <= budget)
            #expect(policy.delays.allSatisfy { (3...40).contains($0) })
            #expect(policy.delays == policy.delays.sorted())
        }
    }

    @Test func aZeroDelayIsRaisedSoRetriesNeverSpin() {
        let policy = RetryPolicy(initialDelayMilliseconds: 0, maximumDelayMilliseconds: 0, budgetMilliseconds: 5)
        #expect(policy.delays.allSatisfy { $0 >= 1 })
        #expect(policy.delays == [1, 1, 1, 1, 1])
    }

    @Test func theProductionSleepReallyWaits() {
        let start = UTCTime.monotonicNanoseconds()
        RetryPolicy.sleep(milliseconds: 30)
        #expect(UTCTime.monotonicNanoseconds() - start >= 30_000_000)
    }
}
