import ArgumentParser

/// `stepwise teacher …`: recordings, offline batch files and the completion cache.
struct TeacherCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teacher",
        abstract: "Manage teacher recordings, offline batch files and the completion cache.",
        subcommands: [
            TeacherImportCommand.self, TeacherExportBatchCommand.self, TeacherImportBatchCommand.self,
            TeacherCacheCommand.self,
        ])
}
