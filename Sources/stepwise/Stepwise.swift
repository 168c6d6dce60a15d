import ArgumentParser

@main
struct Stepwise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stepwise", subcommands: [TeacherCommand.self])
}
