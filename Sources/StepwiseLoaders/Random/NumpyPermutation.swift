/// numpy's legacy `RandomState(seed).permutation(n)`, reproduced bit-exactly.
///
/// numpy builds `arange(n)` and shuffles it in place with Fisher–Yates from the end:
/// for `i` from `n-1` down to 1, swap element `i` with element `j`, where `j` is drawn
/// uniformly from `0...i` by *masked rejection*: take 32-bit outputs of MT19937, AND them
/// with the smallest all-ones mask covering `i`, and redraw while the result exceeds `i`
/// (numpy's `random_interval`, formerly `rk_interval`; for `i < 2³²` one 32-bit draw per try).
public enum NumpyPermutation {
    /// The permutation of `0..<n` that `numpy.random.RandomState(seed).permutation(n)` returns.
    public static func permutation(_ n: Int, seed: UInt32) -> [Int] {
        var values = Array(0..<max(0, n))
        var generator = MT19937(seed: seed)
        var i = values.count - 1
        while i > 0 {
            let j = Int(interval(UInt32(i), &generator))
            values.swapAt(i, j)
            i -= 1
        }
        return values
    }

    /// A uniform integer in `0...max` by masked rejection sampling.
    static func interval(_ max: UInt32, _ generator: inout MT19937) -> UInt32 {
        if max == 0 { return 0 }
        var mask = max
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        while true {
            let value = generator.next() & mask
            if value <= max { return value }
        }
    }
}
