import Foundation
import Synchronization
import Testing

@testable import StepwiseTeacher

@Suite struct PrefetcherTests {
    struct Failure: Error, Equatable { let item: Int }

    @Test("results reach the caller in item order, whatever order the loads finish in")
    func order() throws {
        var seen: [Int] = []
        try Prefetcher.forEach(Array(0..<50), ahead: 3, load: { i -> Int in
            if i % 5 == 0 { usleep(2_000) }  // some loads finish after later ones
            return i * 10
        }) { item, loaded in
            #expect(loaded == item * 10)
            seen.append(item)
        }
        #expect(seen == Array(0..<50))
    }

    @Test("a failed load is thrown when its turn comes, after the items before it")
    func failedLoad() {
        var seen: [Int] = []
        #expect(throws: Failure(item: 4)) {
            try Prefetcher.forEach(Array(0..<10), load: { i -> Int in
                if i == 4 { throw Failure(item: 4) }
                return i
            }) { item, _ in seen.append(item) }
        }
        #expect(seen == [0, 1, 2, 3])
    }

    @Test("loads run at most `ahead` items before the one being handled")
    func boundedLookahead() throws {
        let started = Mutex(0)
        try Prefetcher.forEach(Array(0..<20), ahead: 2, load: { i -> Int in
            started.withLock { $0 += 1 }
            return i
        }) { item, _ in
            #expect(started.withLock { $0 } <= item + 3)
        }
    }

    @Test("an error from the caller's body stops the walk and is rethrown")
    func bodyError() {
        var handled = 0
        #expect(throws: Failure(item: 2)) {
            try Prefetcher.forEach(Array(0..<10), load: { $0 }) { item, _ in
                handled += 1
                if item == 2 { throw Failure(item: 2) }
            }
        }
        #expect(handled == 3)
    }
}
