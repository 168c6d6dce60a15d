import StepwiseParquet

extension ParquetValue {
    /// Equality that tells doubles apart by bit pattern (NaN equals NaN, -0.0 is not 0.0).
    func isIdentical(to other: ParquetValue) -> Bool {
        if case .double(let a) = self, case .double(let b) = other { return a.bitPattern == b.bitPattern }
        return self == other
    }
}

/// The first row and column where two tables differ, for a readable failure.
func firstDifference(_ a: [[ParquetValue]], _ b: [[ParquetValue]]) -> String? {
    if a.count != b.count { return "\(a.count) rows vs \(b.count)" }
    for (r, (x, y)) in zip(a, b).enumerated() {
        if x.count != y.count { return "row \(r): \(x.count) values vs \(y.count)" }
        for (c, (u, v)) in zip(x, y).enumerated() where !u.isIdentical(to: v) {
            return "row \(r), column \(c): \(u) vs \(v)"
        }
    }
    return nil
}
