import Testing
import StepwiseTokenizer

/// The pipeline encodes from several tasks on one instance at once.
@Suite struct ConcurrentEncodingTests {
    @Test func concurrentEncodesAgreeWithSequentialOnes() async throws {
        let tokenizer = try TokenizerFixtures.load("sample-tokenizer-prepend-first.json")
        let texts = try TokenizerFixtures.cases().map(\.text)
        let sequential = texts.map { tokenizer.encode($0) }
        let concurrent = await withTaskGroup(of: (Int, [[Int32]]).self) { group in
            for worker in 0..<8 {
                group.addTask {
                    (worker, (0..<5).flatMap { _ in texts.map { tokenizer.encode($0) } })
                }
            }
            var results: [[[Int32]]] = []
            for await (_, ids) in group { results.append(ids) }
            return results
        }
        #expect(concurrent.count == 8)
        for ids in concurrent {
            #expect(ids == Array((0..<5).map { _ in sequential }.joined()))
        }
    }
}
