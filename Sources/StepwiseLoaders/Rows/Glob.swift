/// A file name pattern of `dataset.files`: `*` matches any run of characters but `/`,
/// `**` any run including `/`, `?` one character but `/`, `[abc]` / `[a-z]` / `[!abc]` one
/// character of (or not of) a set; everything else matches itself.
///
/// A path matches when the pattern matches all of it or a tail of it that starts after a
/// `/` — `train-*.jsonl` finds `gsm8k/train-00.jsonl` inside an archive, as plain names do
/// (see ``DataLocation``).
package struct Glob: Sendable, Hashable, CustomStringConvertible {
    package let pattern: String
    private let characters: [Character]

    package init(_ pattern: String) {
        self.pattern = pattern
        self.characters = Array(pattern)
    }

    /// Whether the pattern has any wildcard (a plain name is looked up directly).
    package var hasWildcards: Bool { characters.contains { $0 == "*" || $0 == "?" || $0 == "[" } }

    package var description: String { pattern }

    /// Whether `path`, or a tail of it after a `/`, matches.
    package func matches(_ path: String) -> Bool {
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        let chars = Array(p)
        if Self.match(characters[...], chars[...]) { return true }
        for (i, c) in chars.enumerated() where c == "/" {
            if Self.match(characters[...], chars[(i + 1)...]) { return true }
        }
        return false
    }

    private static func match(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        // Iterative with backtracking on the last star, which keeps long names linear
        // for the usual one-star patterns.
        var p = pattern.startIndex
        var t = text.startIndex
        var starP: Int?
        var starT = 0
        var starCrossesSlash = false
        while t < text.endIndex {
            if p < pattern.endIndex, pattern[p] == "*" {
                var q = p
                while q < pattern.endIndex, pattern[q] == "*" { q += 1 }
                starCrossesSlash = q - p >= 2
                starP = q
                starT = t
                p = q
                continue
            }
            if p < pattern.endIndex, let (matched, next) = single(pattern, p, text[t]), matched {
                p = next
                t += 1
                continue
            }
            if let sp = starP, starCrossesSlash || text[starT] != "/" {
                starT += 1
                t = starT
                p = sp
                continue
            }
            return false
        }
        while p < pattern.endIndex, pattern[p] == "*" { p += 1 }
        return p == pattern.endIndex
    }

    /// Whether the single-character item at `p` (`?`, a set or a literal) matches `c`, and
    /// where the pattern goes on.
    private static func single(_ pattern: ArraySlice<Character>, _ p: Int, _ c: Character) -> (Bool, Int)? {
        let item = pattern[p]
        if item == "?" { return (c != "/", p + 1) }
        if item == "[", let close = pattern[(p + 1)...].dropFirst().firstIndex(of: "]") {
            var i = p + 1
            var negate = false
            if pattern[i] == "!" || pattern[i] == "^" {
                negate = true
                i += 1
            }
            var found = false
            while i < close {
                if i + 2 < close, pattern[i + 1] == "-" {
                    if pattern[i] <= c && c <= pattern[i + 2] { found = true }
                    i += 3
                } else {
                    if pattern[i] == c { found = true }
                    i += 1
                }
            }
            return (found != negate && c != "/", close + 1)
        }
        return (item == c, p + 1)
    }
}
