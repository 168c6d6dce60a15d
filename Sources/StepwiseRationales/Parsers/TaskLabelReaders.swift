import StepwiseCore

/// How a label is read from the text after an answer phrase for a task described in a
/// pipeline file (see ``TaskRules``), by label kind. Each reader looks at the rest of the
/// phrase's line (or, with `parse.label_pattern`, at what the pattern extracts from the text
/// after the phrase) and returns the label in the record's space, or `nil`.
enum TaskLabelReaders {
    /// The reader for `spec`'s kind, behind `pattern` when one is given.
    static func reader(for spec: LabelSpec, pattern: TextPattern?) -> AnswerRecovery.LabelReader {
        let read: AnswerRecovery.LabelReader
        switch spec.kind {
        case .classes: read = { text, range, _ in classes(spec, line(text, range)) }
        case .choices: read = ChoiceLabelReader.read
        case .number: read = { text, range, _ in number(line(text, range)) }
        case .equation: read = EquationLabelReader.read
        case .text: read = { text, range, _ in freeText(line(text, range)) }
        }
        guard let pattern else { return read }
        return { text, range, space in
            guard let extracted = pattern.extract(from: text.string(range)) else { return nil }
            let inner = UTF8Text(extracted)
            return read(inner, inner.all, space)
        }
    }

    /// The rest of the line from the start of `range`, stripped.
    static func line(_ text: UTF8Text, _ range: Range<Int>) -> String {
        let end = text.firstIndex(of: [0x0A], in: range) ?? range.upperBound
        return text.string(text.strip(range.lowerBound..<end))
    }

    /// Text without surrounding quotes, asterisks, backticks, brackets and a final `.`,
    /// `!`, `,` or `;` — how answers get decorated (`**positive**.`, `"yes"`).
    static func undecorated(_ s: String) -> String {
        let wrap: Set<Character> = ["\"", "'", "*", "`", "“", "”", "‘", "’", "_"]
        var t = Substring(s.trimmingCharacters(in: .whitespaces))
        while let last = t.last, [".", "!", ",", ";"].contains(last) { t = t.dropLast() }
        while let first = t.first, let last = t.last, t.count >= 2, wrap.contains(first), wrap.contains(last) {
            t = t.dropFirst().dropLast()
        }
        while let first = t.first, wrap.contains(first) { t = t.dropFirst() }
        while let last = t.last, wrap.contains(last) || [".", "!", ",", ";"].contains(last) { t = t.dropLast() }
        return t.trimmingCharacters(in: .whitespaces)
    }

    /// A class: the line (undecorated) names one, or exactly one class or synonym occurs
    /// in the line's first sentence as a whole word.
    static func classes(_ spec: LabelSpec, _ line: String) -> String? {
        let candidate = undecorated(line)
        if let name = spec.className(for: candidate) { return name }
        let normalised = ChoiceLabelReader.normalise(candidate)
        if let name = spec.className(for: normalised) { return name }
        let sentence = firstSentence(line).lowercased()
        var found: Set<String> = []
        for (text, name) in spec.classes.map({ ($0, $0) }) + spec.synonyms.map({ ($0.text, $0.className) })
        where containsWord(sentence, text.lowercased()) {
            found.insert(name)
        }
        return found.count == 1 ? found.first : nil
    }

    /// A number: the whole line (undecorated) is one, else the first number in the line.
    static func number(_ line: String) -> String? {
        if let whole = NumberLabel(undecorated(line)) { return whole.canonical }
        return firstNumber(in: line)?.canonical
    }

    /// Free text: the line, undecorated; `nil` when blank.
    static func freeText(_ line: String) -> String? {
        let t = undecorated(line)
        return QANormalization.normalise(t).isEmpty ? nil : t
    }

    /// The text up to the first `.` that ends a sentence (followed by a space or the end,
    /// and not between digits).
    static func firstSentence(_ s: String) -> String {
        let chars = Array(s)
        for (i, c) in chars.enumerated() where c == "." {
            let next = i + 1 < chars.count ? chars[i + 1] : " "
            if next == " " || next == "\n" { return String(chars[..<i]) }
        }
        return s
    }

    /// Whether `word` occurs in `text` with no letter or digit on either side.
    static func containsWord(_ text: String, _ word: String) -> Bool {
        guard !word.isEmpty else { return false }
        var searchFrom = text.startIndex
        while let r = text.range(of: word, range: searchFrom..<text.endIndex) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            let boundary = { (c: Character?) in c.map { !($0.isLetter || $0.isNumber) } ?? true }
            if boundary(before) && boundary(after) { return true }
            searchFrom = text.index(after: r.lowerBound)
        }
        return false
    }

    /// The first number written in `line` (`$1,234.50`, `-3`, `3/4`), by ``NumberLabel``'s
    /// rules: a run starting at a digit (or a sign or currency right before one), through
    /// digits, thousands commas, one decimal point followed by a digit, or one `/` between
    /// digits.
    static func firstNumber(in line: String) -> NumberLabel? {
        let chars = Array(line)
        var i = 0
        while i < chars.count {
            guard chars[i].asciiDigit != nil else {
                i += 1
                continue
            }
            var start = i
            while start > 0, ["$", "€", "£", "¥", "-", "−"].contains(chars[start - 1]) { start -= 1 }
            // A hyphen glued to a word (`co-3`) is not a sign.
            if start < i, ["-", "−"].contains(chars[start]), start > 0, chars[start - 1].isLetter { start += 1 }
            var end = i
            var sawPoint = false
            var sawSlash = false
            while end < chars.count {
                let c = chars[end]
                if c.asciiDigit != nil {
                    end += 1
                } else if c == ",", !sawPoint, !sawSlash, end + 3 < chars.count,
                    (1...3).allSatisfy({ chars[end + $0].asciiDigit != nil }),
                    end + 4 >= chars.count || chars[end + 4].asciiDigit == nil
                {
                    end += 4
                } else if c == ".", !sawPoint, !sawSlash, end + 1 < chars.count, chars[end + 1].asciiDigit != nil {
                    sawPoint = true
                    end += 1
                } else if c == "/", !sawPoint, !sawSlash, end + 1 < chars.count, chars[end + 1].asciiDigit != nil {
                    sawSlash = true
                    end += 1
                } else {
                    break
                }
            }
            if let number = NumberLabel(String(chars[start..<end])) { return number }
            i = end
        }
        return nil
    }
}
