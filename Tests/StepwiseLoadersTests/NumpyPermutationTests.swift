import Testing

@testable import StepwiseLoaders

/// Expected values printed by `scripts/loaders/numpy_golden.py` (numpy 2.4).
@Suite struct NumpyPermutationTests {
    @Test func mt19937MatchesNumpyRawOutputs() {
        var zero = MT19937(seed: 0)
        #expect((0..<5).map { _ in zero.next() } == [2_357_136_044, 2_546_248_239, 3_071_714_933, 3_626_093_760, 2_588_848_963])
        var reference = MT19937(seed: 5489)
        #expect((0..<3).map { _ in reference.next() } == [3_499_211_612, 581_869_302, 3_890_346_734])
    }

    @Test func smallPermutationsMatchNumpy() {
        #expect(NumpyPermutation.permutation(10, seed: 0) == [2, 8, 4, 9, 1, 6, 7, 3, 0, 5])
        #expect(NumpyPermutation.permutation(7, seed: 42) == [0, 1, 5, 2, 4, 3, 6])
        #expect(NumpyPermutation.permutation(1, seed: 0) == [0])
        #expect(NumpyPermutation.permutation(0, seed: 0) == [])
    }

    @Test func thePapersSVAMPPermutationMatchesNumpy() {
        let p = NumpyPermutation.permutation(1000, seed: 0)
        #expect(Array(p.prefix(8)) == [993, 859, 298, 553, 672, 971, 27, 231])
        #expect(Array(p.suffix(4)) == [192, 629, 559, 684])
        #expect(p.enumerated().reduce(0) { $0 + $1.offset * $1.element } == 247_872_640)
        #expect(Set(p).count == 1000)
    }
}
