extension LabelSpec {
    /// A gold label as the data gives it, in the task's label space: what a loader stores as
    /// the record's label. Throws a message saying why the text is not a label.
    ///
    /// - `classes`: a class or synonym, case-insensitive (→ the class as listed); an
    ///   integer `i` that names no class is `classes[i]` (0-based, as HF `ClassLabel`).
    /// - `choices`: a choice's text (exact, then case-insensitive), a letter (`B`, `(b)`,
    ///   `b)`) or a 0-based index (`1`) → the choice's text.
    /// - `number`: the ``NumberLabel`` canonical spelling.
    /// - `equation`: an arithmetic expression, as written (trimmed).
    /// - `text`: the text, trimmed; not blank.
    public func goldLabel(_ raw: String, choices: [String]?) throws(LabelError) -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        switch kind {
        case .classes:
            if let name = className(for: text) { return name }
            if let i = Int(text), classes.indices.contains(i) { return classes[i] }
            throw LabelError("label \(quoted(raw)) is not one of the classes (\(classes.joined(separator: ", ")))")
        case .choices:
            let list = choices ?? []
            guard !list.isEmpty else { throw LabelError("the record has no answer choices") }
            if let exact = list.first(where: { $0 == raw || $0 == text }) { return exact }
            if let named = list.first(where: { $0.lowercased() == text.lowercased() }) { return named }
            if let i = Self.letterIndex(text) ?? Int(text), list.indices.contains(i) { return list[i] }
            throw LabelError("label \(quoted(raw)) is none of the record's \(list.count) choices, by text, letter or index")
        case .number:
            guard let number = NumberLabel(text) else { throw LabelError("label \(quoted(raw)) is not a number") }
            return number.canonical
        case .equation:
            guard ArithmeticExpression.isExpression(text) else {
                throw LabelError("label \(quoted(raw)) is not an arithmetic expression")
            }
            return text
        case .text:
            guard !text.isEmpty else { throw LabelError("the label is blank") }
            return text
        }
    }

    /// `b`, `B`, `(b)`, `b)`, `b.` → 1.
    static func letterIndex(_ text: String) -> Int? {
        var s = Substring(text)
        if s.hasPrefix("(") && s.hasSuffix(")") && s.count == 3 { s = s.dropFirst().dropLast() }
        if s.count == 2, let last = s.last, last == ")" || last == "." { s = s.dropLast() }
        guard s.count == 1, let c = s.first, c.isASCII, c.isLetter, let ascii = c.lowercased().first?.asciiValue else {
            return nil
        }
        return Int(ascii) - 0x61
    }

    private func quoted(_ s: String) -> String {
        let short = s.count > 60 ? String(s.prefix(57)) + "…" : s
        return "'" + short + "'"
    }
}

/// Why a text is not a label of the task.
public struct LabelError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
