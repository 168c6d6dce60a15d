/// A text with `{name}` placeholders, parsed once and rendered many times.
///
/// `{{` and `}}` stand for literal braces. Parsing fails on an unclosed or empty
/// placeholder, so a typo in an exemplar file is reported when the file is loaded,
/// not in the middle of a run.
public struct PromptTemplate: Sendable, Hashable {
    enum Piece: Sendable, Hashable {
        case literal(String)
        case variable(String)
    }

    let pieces: [Piece]
    /// The template as written.
    public let source: String

    /// The names of the placeholders, in order of first use.
    public var variables: [String] {
        var seen: [String] = []
        for case .variable(let name) in pieces where !seen.contains(name) { seen.append(name) }
        return seen
    }

    /// Parses `source`; throws ``PromptTemplateError`` on malformed braces.
    public init(_ source: String) throws(PromptTemplateError) {
        self.source = source
        var pieces: [Piece] = []
        var literal: [UInt8] = []
        let bytes = Array(source.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "{") {
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") {
                    literal.append(b)
                    i += 2
                    continue
                }
                guard let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "}")) else {
                    throw PromptTemplateError(template: source, message: "'{' at offset \(i) is never closed")
                }
                let name = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
                guard !name.isEmpty, name.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) })
                else {
                    throw PromptTemplateError(
                        template: source, message: "'{\(name)}' is not a placeholder name (letters, digits, '_'); write '{{' for a literal brace")
                }
                if !literal.isEmpty {
                    pieces.append(.literal(String(decoding: literal, as: UTF8.self)))
                    literal.removeAll()
                }
                pieces.append(.variable(name))
                i = close + 1
            } else if b == UInt8(ascii: "}") {
                guard i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "}") else {
                    throw PromptTemplateError(template: source, message: "'}' at offset \(i) has no matching '{'; write '}}' for a literal brace")
                }
                literal.append(b)
                i += 2
            } else {
                literal.append(b)
                i += 1
            }
        }
        if !literal.isEmpty { pieces.append(.literal(String(decoding: literal, as: UTF8.self))) }
        self.pieces = pieces
    }

    /// Renders the template, appending to `out`. `value` is asked for each placeholder;
    /// names were checked when the exemplar file was loaded.
    public func render(into out: inout String, _ value: (String) -> String) {
        for piece in pieces {
            switch piece {
            case .literal(let s): out += s
            case .variable(let name): out += value(name)
            }
        }
    }

    /// Renders the template with the values in `values` (missing names render empty).
    public func render(_ values: [String: String]) -> String {
        var out = ""
        render(into: &out) { values[$0] ?? "" }
        return out
    }
}

/// A malformed `{placeholder}` template.
public struct PromptTemplateError: Error, Sendable, CustomStringConvertible {
    public var template: String
    public var message: String
    public var description: String { "template \(template.debugDescription): \(message)" }
}
