import Foundation

/// A numeric label (`labels.kind: number`): read from text as people write numbers, kept
/// in one canonical spelling, compared by value.
///
/// Accepted (surrounding whitespace and one trailing `.` ignored): an optional sign, an
/// optional currency sign (`$ € £ ¥`, before or after the sign), digits with optional
/// thousands commas (`1,000`), an optional fraction (`.5`, `18.50`), an optional exponent
/// (`1e3`), an optional trailing `%` (read as the number itself: `50%` is 50); or a
/// fraction of two integers (`3/4`). Anything else is not a number.
///
/// The canonical spelling has no commas, currency, `%`, leading zeros or trailing fraction
/// zeros: `1,000` → `1000`, `$18.50` → `18.5`, `1e3` → `1000`, `-0` → `0`, `06/8` → `6/8`.
/// Two numbers are equal when both are integers with the same digits (exact, at any size),
/// otherwise when they differ by at most 1e-6 of the larger magnitude.
public struct NumberLabel: Sendable, Hashable, CustomStringConvertible {
    /// The canonical spelling.
    public let canonical: String
    /// The value as a double (for non-integer comparisons).
    public let value: Double
    /// Whether the number is an integer written without fraction or exponent loss.
    public let isInteger: Bool

    /// Longer text is not read as a number (no label is 200 characters of digits).
    static let maxLength = 200

    /// Reads `text`; `nil` when it is not a number.
    public init?(_ text: String) {
        var s = Substring(text).trimmingCharacters(in: .whitespacesAndNewlines)[...]
        guard !s.isEmpty, s.utf8.count <= Self.maxLength else { return nil }
        if s.last == ".", s.count > 1 { s = s.dropLast() }
        if let slash = s.firstIndex(of: "/") {
            guard let (numerator, negative) = Self.integer(s[..<slash]),
                let (denominator, negativeDenominator) = Self.integer(s[s.index(after: slash)...]),
                !negativeDenominator, denominator != "0"
            else { return nil }
            let sign = negative && numerator != "0" ? "-" : ""
            canonical = sign + numerator + "/" + denominator
            let n = Double(numerator) ?? .infinity
            let d = Double(denominator) ?? .infinity
            value = (negative ? -1 : 1) * n / d
            isInteger = false
            guard value.isFinite else { return nil }
            return
        }
        guard let (digits, negative) = Self.decimal(s) else { return nil }
        guard let decimal = Decimal(string: digits, locale: Locale(identifier: "en_US_POSIX")), !decimal.isNaN else { return nil }
        var magnitude = decimal
        if magnitude.isZero { magnitude = 0 }
        let text = magnitude.description
        guard !text.contains("e"), !text.contains("E") else { return nil }
        canonical = (negative && !magnitude.isZero ? "-" : "") + text
        value = (negative ? -1 : 1) * NSDecimalNumber(decimal: magnitude).doubleValue
        isInteger = !text.contains(".")
        guard value.isFinite else { return nil }
    }

    /// Equal values: exact for two integers, relative 1e-6 otherwise.
    public func isEqual(to other: NumberLabel) -> Bool {
        if isInteger && other.isInteger { return canonical == other.canonical }
        if value == other.value { return true }
        let scale = max(abs(value), abs(other.value))
        return abs(value - other.value) <= 1e-6 * scale
    }

    public var description: String { canonical }

    private static let currency: Set<Character> = ["$", "€", "£", "¥"]

    /// Sign, currency and digits of a decimal number; the digits without commas, `%` or
    /// currency, ready for `Decimal(string:)`.
    private static func decimal(_ text: Substring) -> (String, Bool)? {
        var s = text
        var negative = false
        var sawCurrency = false
        for _ in 0..<2 {
            if let c = s.first, c == "-" || c == "+" || c == "−" {
                if negative || c == "+" && s.dropFirst().first == "-" { return nil }
                negative = c != "+"
                s = s.dropFirst()
            } else if let c = s.first, currency.contains(c), !sawCurrency {
                sawCurrency = true
                s = s.dropFirst()
            }
        }
        if s.last == "%" { s = s.dropLast() }
        var out = ""
        var index = s.startIndex
        var intDigits = 0
        var groupDigits = -1  // digits since the last comma; -1 before any comma
        while index < s.endIndex, let d = s[index].asciiDigit {
            out.append(d)
            intDigits += 1
            if groupDigits >= 0 { groupDigits += 1 }
            index = s.index(after: index)
            if index < s.endIndex, s[index] == "," {
                if groupDigits >= 0 && groupDigits != 3 { return nil }
                if groupDigits < 0 && intDigits > 3 { return nil }
                groupDigits = 0
                index = s.index(after: index)
                guard index < s.endIndex, s[index].asciiDigit != nil else { return nil }
            }
        }
        if groupDigits >= 0 && groupDigits != 3 { return nil }
        var fractionDigits = 0
        if index < s.endIndex, s[index] == "." {
            out.append(".")
            index = s.index(after: index)
            while index < s.endIndex, let d = s[index].asciiDigit {
                out.append(d)
                fractionDigits += 1
                index = s.index(after: index)
            }
        }
        guard intDigits + fractionDigits > 0 else { return nil }
        if index < s.endIndex, s[index] == "e" || s[index] == "E" {
            var exponent = "e"
            index = s.index(after: index)
            if index < s.endIndex, s[index] == "-" || s[index] == "+" {
                exponent.append(s[index])
                index = s.index(after: index)
            }
            var exponentDigits = 0
            while index < s.endIndex, let d = s[index].asciiDigit {
                exponent.append(d)
                exponentDigits += 1
                index = s.index(after: index)
            }
            // Exponents beyond ±99 are not labels anyone writes (and Decimal overflows).
            guard exponentDigits > 0, exponentDigits <= 2 else { return nil }
            out += exponent
        }
        guard index == s.endIndex else { return nil }
        if out.hasPrefix(".") { out = "0" + out }
        return (out, negative)
    }

    /// An optionally signed run of digits, without leading zeros.
    private static func integer(_ text: Substring) -> (String, Bool)? {
        var s = text.trimmingCharacters(in: .whitespaces)[...]
        var negative = false
        if let c = s.first, c == "-" || c == "−" {
            negative = true
            s = s.dropFirst()
        }
        guard !s.isEmpty, s.allSatisfy({ $0.asciiDigit != nil }) else { return nil }
        let trimmed = s.drop(while: { $0 == "0" })
        return (trimmed.isEmpty ? "0" : String(trimmed), negative)
    }
}

extension Character {
    /// The character itself when it is an ASCII digit.
    var asciiDigit: Character? { isASCII && isNumber ? self : nil }
}
