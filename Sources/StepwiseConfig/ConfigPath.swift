import Foundation

/// A path from a pipeline file: the text as written and the location it names.
///
/// Relative paths resolve against the directory that holds the pipeline file, never
/// against the working directory, so `stepwise run` gives the same result wherever it is
/// started from. `~/` expands to the home directory.
public struct ConfigPath: Sendable, Hashable, CustomStringConvertible {
    /// The path exactly as the pipeline file has it.
    public var text: String
    /// The absolute, standardised file URL it resolves to.
    public var url: URL

    /// Resolves `text` against `baseDirectory`.
    public init(_ text: String, relativeTo baseDirectory: URL) {
        self.text = text
        if text.hasPrefix("/") {
            url = URL(fileURLWithPath: text).standardizedFileURL
        } else if text == "~" || text.hasPrefix("~/") {
            let home = FileManager.default.homeDirectoryForCurrentUser
            url = home.appendingPathComponent(String(text.dropFirst(2))).standardizedFileURL
        } else {
            url = baseDirectory.appendingPathComponent(text).standardizedFileURL
        }
    }

    /// A path that is already absolute (e.g. a default derived from another path).
    public init(url: URL) {
        self.url = url.standardizedFileURL
        self.text = self.url.path
    }

    /// The absolute path.
    public var path: String { url.path }

    public var description: String { url.path }
}
