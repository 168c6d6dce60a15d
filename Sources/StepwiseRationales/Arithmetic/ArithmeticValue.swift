/// The value of an arithmetic label: an exact fraction while it fits in 64-bit integers,
/// a `Double` after that.
///
/// Equation labels (`(84 / 2)`, `( 10.0 * 45.0 )`) are compared by value. Exact fractions
/// make `(1 / 3) * 3` equal `1` and `0.1 + 0.2` equal `0.3`, which a float comparison
/// gets wrong; only when a numerator or denominator would overflow `Int64` does a value
/// fall back to `Double`, and then two values are equal within a relative tolerance of
/// 1e-9 (``isEqual(to:)``).
public enum ArithmeticValue: Sendable, Hashable, CustomStringConvertible {
    /// `numerator / denominator`, reduced, denominator > 0.
    case exact(numerator: Int64, denominator: Int64)
    case approximate(Double)

    /// Relative tolerance for comparisons that involve an approximate value.
    public static let relativeTolerance = 1e-9

    public static func integer(_ n: Int64) -> ArithmeticValue { .exact(numerator: n, denominator: 1) }

    /// A reduced fraction, or `nil` when `denominator` is zero.
    static func fraction(_ n: Int64, _ d: Int64) -> ArithmeticValue? {
        guard d != 0 else { return nil }
        if n == .min || d == .min { return .approximate(Double(n) / Double(d)) }
        var n = n, d = d
        if d < 0 { n = -n; d = -d }
        let g = gcd(n.magnitude, d.magnitude)
        return .exact(numerator: n / Int64(g), denominator: d / Int64(g))
    }

    public var doubleValue: Double {
        switch self {
        case .exact(let n, let d): return Double(n) / Double(d)
        case .approximate(let x): return x
        }
    }

    /// Exact equality for two exact values; otherwise equality within
    /// ``relativeTolerance`` (relative to the larger magnitude, at least 1).
    public func isEqual(to other: ArithmeticValue) -> Bool {
        if case .exact(let a, let b) = self, case .exact(let c, let d) = other { return a == c && b == d }
        let x = doubleValue, y = other.doubleValue
        guard x.isFinite, y.isFinite else { return false }
        return abs(x - y) <= Self.relativeTolerance * max(1, abs(x), abs(y))
    }

    public var description: String {
        switch self {
        case .exact(let n, 1): return String(n)
        case .exact(let n, let d): return "\(n)/\(d)"
        case .approximate(let x): return String(x)
        }
    }

    // MARK: Operations (nil: division by zero)

    static func + (a: ArithmeticValue, b: ArithmeticValue) -> ArithmeticValue {
        if case .exact(let an, let ad) = a, case .exact(let bn, let bd) = b,
            let l = mul(an, bd), let r = mul(bn, ad), let n = add(l, r), let d = mul(ad, bd),
            let v = fraction(n, d)
        {
            return v
        }
        return .approximate(a.doubleValue + b.doubleValue)
    }

    static prefix func - (a: ArithmeticValue) -> ArithmeticValue {
        switch a {
        case .exact(let n, let d) where n != .min: return .exact(numerator: -n, denominator: d)
        default: return .approximate(-a.doubleValue)
        }
    }

    static func - (a: ArithmeticValue, b: ArithmeticValue) -> ArithmeticValue { a + (-b) }

    static func * (a: ArithmeticValue, b: ArithmeticValue) -> ArithmeticValue {
        if case .exact(let an, let ad) = a, case .exact(let bn, let bd) = b,
            let n = mul(an, bn), let d = mul(ad, bd), let v = fraction(n, d)
        {
            return v
        }
        return .approximate(a.doubleValue * b.doubleValue)
    }

    static func divide(_ a: ArithmeticValue, _ b: ArithmeticValue) -> ArithmeticValue? {
        if b.doubleValue == 0 { return nil }
        if case .exact(let an, let ad) = a, case .exact(let bn, let bd) = b,
            let n = mul(an, bd), let d = mul(ad, bn), let v = fraction(n, d)
        {
            return v
        }
        return .approximate(a.doubleValue / b.doubleValue)
    }

    private static func add(_ a: Int64, _ b: Int64) -> Int64? {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? nil : r
    }

    private static func mul(_ a: Int64, _ b: Int64) -> Int64? {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o ? nil : r
    }

    private static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var a = a, b = b
        while b != 0 { (a, b) = (b, a % b) }
        return max(a, 1)
    }
}
