/// The Mersenne Twister MT19937 (Matsumoto & Nishimura, 1998), 32-bit output.
///
/// Seeded the way numpy's legacy `RandomState(seed)` seeds it from an integer:
/// `key[0] = seed`, `key[i] = 1812433253 * (key[i-1] ^ (key[i-1] >> 30)) + i` (mod 2³²).
/// Used only to reproduce numpy's permutations bit-exactly (the paper's SVAMP split).
public struct MT19937: Sendable {
    private static let n = 624
    private static let m = 397
    private var state: [UInt32]
    private var index: Int

    public init(seed: UInt32) {
        var state = [UInt32](repeating: 0, count: Self.n)
        state[0] = seed
        for i in 1..<Self.n {
            let previous = state[i - 1]
            state[i] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(i)
        }
        self.state = state
        self.index = Self.n
    }

    /// The next 32-bit output (numpy's `next_uint32` for the MT19937 bit generator).
    public mutating func next() -> UInt32 {
        if index >= Self.n { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func twist() {
        let upper: UInt32 = 0x8000_0000
        let lower: UInt32 = 0x7FFF_FFFF
        let matrix: UInt32 = 0x9908_B0DF
        for i in 0..<Self.n {
            let y = (state[i] & upper) | (state[(i + 1) % Self.n] & lower)
            var value = state[(i + Self.m) % Self.n] ^ (y >> 1)
            if y & 1 != 0 { value ^= matrix }
            state[i] = value
        }
        index = 0
    }
}
