/// A regular expression from a pipeline file (`dataset.fields.*.pattern`,
/// `parse.label_pattern`), in Swift's `Regex` syntax (Perl-like: `\s`, `\d`, `(?i)`,
/// lazy `+?` …), compiled once. `.` matches line breaks too, so a pattern reaches across
/// the lines of a multi-line answer (`^(.*)\n####`); `^` and `$` are the start and end of
/// the whole text unless the pattern turns on `(?m)`.
///
/// The value a pattern extracts is its first capture group, or the whole match when it
/// has no group.
public struct TextPattern: @unchecked Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let source: String
    // Regex values are immutable once built and safe to share between threads.
    private let regex: Regex<AnyRegexOutput>

    /// Compiles `source`; throws ``TextPatternError`` with the compiler's reason.
    public init(_ source: String) throws(TextPatternError) {
        self.source = source
        do {
            regex = try Regex(source).dotMatchesNewlines()
        } catch {
            throw TextPatternError(pattern: source, message: "\(error)")
        }
    }

    /// The first match's group 1 (or the whole match), `nil` when nothing matches or the
    /// group did not take part in the match.
    public func extract(from text: String) -> String? {
        guard let match = try? regex.firstMatch(in: text) else { return nil }
        let output = match.output
        if output.count > 1 {
            guard let group = output[1].substring else { return nil }
            return String(group)
        }
        return output[0].substring.map(String.init)
    }

    /// Whether the pattern matches somewhere in `text`.
    public func matches(_ text: String) -> Bool {
        (try? regex.firstMatch(in: text)) != nil
    }

    public static func == (a: TextPattern, b: TextPattern) -> Bool { a.source == b.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
    public var description: String { source }
}

/// A pattern that does not compile.
public struct TextPatternError: Error, Sendable, CustomStringConvertible {
    public var pattern: String
    public var message: String
    public var description: String { "pattern '\(pattern)' does not compile: \(message)" }
}
