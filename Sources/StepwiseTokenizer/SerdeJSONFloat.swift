/// JSON number text to `Double` the way HF `tokenizers` reads it: with serde_json's default
/// number parser (built without its `float_roundtrip` feature), which is *not* correctly
/// rounded. It keeps up to 19 significant digits in a `UInt64`, converts that to a `Double`
/// (one rounding) and multiplies or divides by a power of ten (a second rounding), so a
/// score written with 17 digits often lands one ulp away from the nearest `Double`
/// (8,334 of T5's 32,100 scores do).
///
/// Viterbi ties between segmentations are decided by those last bits — `▁` + `---` + `---` +
/// `-` against `▁` + `-` + `---` + `---` for seven dashes scores the same in exact
/// arithmetic — so the ids equal HF's only when the scores are HF's to the bit.
enum SerdeJSONFloat {
    /// serde_json's `POW10`: 1e0 … 1e308, each correctly rounded.
    private static let powersOfTen: [Double] = (0...308).map { Double("1e\($0)")! }

    /// The value serde_json gives the JSON number `text`, or nil when `text` is not one JSON
    /// number (or is out of `Double`'s range, which serde_json refuses too).
    static func parse<Bytes: Collection<UInt8>>(_ text: Bytes) -> Double? {
        var index = text.startIndex
        let end = text.endIndex
        func peek() -> UInt8? { index < end ? text[index] : nil }
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }

        var positive = true
        if peek() == UInt8(ascii: "-") {
            positive = false
            text.formIndex(after: &index)
        }
        guard let first = peek(), isDigit(first) else { return nil }
        var significand: UInt64 = 0
        var exponent = 0
        var isInteger = true
        text.formIndex(after: &index)
        if first != UInt8(ascii: "0") {
            significand = UInt64(first - 0x30)
            // Integer digits; once the next one would overflow, the rest only scale (serde's
            // `parse_long_integer`), and the number is a float from then on.
            var overflowed = false
            while isDigit(peek()) {
                let digit = UInt64(peek()! - 0x30)
                if !overflowed, significand <= (UInt64.max - digit) / 10 {
                    significand = significand * 10 + digit
                } else {
                    overflowed = true
                    isInteger = false
                    exponent += 1
                }
                text.formIndex(after: &index)
            }
        } else if isDigit(peek()) {
            return nil  // a leading zero may not be followed by digits
        }
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            text.formIndex(after: &index)
            guard isDigit(peek()) else { return nil }
            var overflowed = false
            while isDigit(peek()) {
                let digit = UInt64(peek()! - 0x30)
                // Past 19-20 digits serde ignores further fraction digits (`parse_decimal_overflow`).
                if !overflowed, significand <= (UInt64.max - digit) / 10 {
                    significand = significand * 10 + digit
                    exponent -= 1
                } else {
                    overflowed = true
                }
                text.formIndex(after: &index)
            }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            isInteger = false
            text.formIndex(after: &index)
            var positiveExponent = true
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                positiveExponent = sign == UInt8(ascii: "+")
                text.formIndex(after: &index)
            }
            guard isDigit(peek()) else { return nil }
            var value = 0
            var overflowed = false
            while isDigit(peek()) {
                let digit = Int(peek()! - 0x30)
                if value > (Int(Int32.max) - digit) / 10 { overflowed = true } else if !overflowed { value = value * 10 + digit }
                text.formIndex(after: &index)
            }
            if overflowed {
                // serde: a huge negative exponent is zero; a huge positive one is out of range.
                guard significand == 0 || !positiveExponent else { return nil }
                return index == end ? (positive ? 0.0 : -0.0) : nil
            }
            exponent = positiveExponent ? exponent + value : exponent - value
        }
        guard index == end else { return nil }
        if isInteger {
            // A JSON integer: serde yields a u64/i64 and the f64 visitor casts it.
            let value = Double(significand)
            return positive ? value : -value
        }
        return fromParts(positive: positive, significand: significand, exponent: exponent)
    }

    /// serde_json's `f64_from_parts`: `significand as f64`, then one multiply or divide by a
    /// power of ten (below 1e-308, first divided by 1e308 as often as needed).
    private static func fromParts(positive: Bool, significand: UInt64, exponent: Int) -> Double? {
        var value = Double(significand)
        var exponent = exponent
        while true {
            let magnitude = exponent.magnitude
            if magnitude < UInt(powersOfTen.count) {
                if exponent >= 0 {
                    value *= powersOfTen[Int(magnitude)]
                    if value.isInfinite { return nil }
                } else {
                    value /= powersOfTen[Int(magnitude)]
                }
                break
            }
            if value == 0 { break }
            if exponent >= 0 { return nil }
            value /= 1e308
            exponent += 308
        }
        return positive ? value : -value
    }

    /// The score HF holds after `value` is written to a tokenizer.json (shortest round-trip
    /// digits, as serde_json's writer and Python's `repr` print them) and read back.
    /// transformers' T5 conversion of a `spiece.model` is published that way, so a bare
    /// `spiece.model` gives the ids of the tokenizer.json made from it.
    static func writtenAndReread(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        // `description` prints the shortest digits that round-trip (e.g. "-2.0122928619384766",
        // "1e-05"); only the digits and the exponent matter to the parse.
        return parse(Array(value.description.utf8)) ?? value
    }
}
