import BatchwireCore
import BatchwireRuntime
import Foundation

/// Types the `parameters` of a `start` command against the parameters its job file declares.
///
/// - A declared parameter takes its declared type and identifying flag. In the object form its JSON value
///   must fit that type: a string for `string` and the date and time types (in the declared type's ISO
///   form), an integer for `long` and `integer`, a number for `double`, `true`/`false` for `boolean`. In
///   the notation form an untyped `name=value` is read as the declared type; an explicit type must be
///   the declared one.
/// - A parameter the job file does not declare is accepted, as Spring Batch accepts it: in the object form
///   a string is a `string`, an integer a `long`, another number a `double`, `true`/`false` a `boolean`,
///   all identifying; in the notation form it is typed as written.
enum CommandParameters {
    /// The typed parameters.
    /// - Throws: ``CommandError`` `WRONG_TYPE` (a value that does not fit its type) or `INVALID_VALUE`
    ///   (malformed notation, an unknown type name, an empty name).
    static func resolve(_ input: CommandParameterInput, for job: JobDefinition) throws(CommandError) -> JobParameters {
        let declared: JobParameters
        do {
            declared = try job.defaultParameters()
        } catch {
            throw CommandError(
                .internal,
                "the job file of '\(job.name)' declares parameters that do not fit their types (\(error)); fix it"
            )
        }
        switch input {
        case .object(let members):
            var parameters = JobParameters()
            for (name, value) in members {
                parameters[name] = try typed(name, value, declared: declared[name], job: job.name)
            }
            return parameters
        case .notation(let arguments):
            var parameters = JobParameters()
            for argument in arguments {
                let (name, parameter) = try parse(argument, declared: declared, job: job.name)
                parameters[name] = parameter
            }
            return parameters
        }
    }

    // MARK: Object form

    private static func typed(_ name: String, _ value: JSONValue, declared: JobParameter?, job: String)
        throws(CommandError) -> JobParameter
    {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CommandError(.invalidValue, "a parameter name is empty; name every parameter")
        }
        guard let declared else { return try undeclared(name, value) }
        let kind = declared.kind
        let mismatch = CommandError(
            .wrongType,
            "parameter '\(name)' is declared \(shortName(kind)) in the job file of '\(job)', so its value must be "
                + "\(expectedJSON(kind)), not \(CommandPayload.describe(value))"
        )
        let result: JobParameter.Value
        switch (kind, value) {
        case (.string, .string(let text)):
            result = .string(text)
        case (.long, .integer(let number)):
            result = .long(number)
        case (.integer, .integer(let number)):
            guard let small = Int32(exactly: number) else {
                throw CommandError(
                    .wrongType,
                    "parameter '\(name)' is declared integer (32 bits); \(number) does not fit, use a long"
                )
            }
            result = .integer(small)
        case (.double, .integer(let number)):
            result = .double(Double(number))
        case (.double, .number(let number)):
            result = .double(number)
        case (.boolean, .bool(let flag)):
            result = .boolean(flag)
        case (.date, .string(let text)), (.localDate, .string(let text)), (.localDateTime, .string(let text)),
            (.localTime, .string(let text)):
            result = try parseValue(text, kind: kind, name: name)
        default:
            throw mismatch
        }
        return JobParameter(result, identifying: declared.isIdentifying)
    }

    private static func undeclared(_ name: String, _ value: JSONValue) throws(CommandError) -> JobParameter {
        switch value {
        case .string(let text): return JobParameter(.string(text))
        case .integer(let number): return JobParameter(.long(number))
        case .number(let number): return JobParameter(.double(number))
        case .bool(let flag): return JobParameter(.boolean(flag))
        case .null, .array, .object:
            throw CommandError(
                .wrongType,
                "parameter '\(name)' must be a string, a number or true/false, not \(CommandPayload.describe(value)); "
                    + "for another type use the notation form, e.g. [\"\(name)(localdate)=2026-11-22\"]"
            )
        }
    }

    // MARK: Notation form

    private static func parse(_ argument: String, declared: JobParameters, job: String)
        throws(CommandError) -> (String, JobParameter)
    {
        try checkDateRange(argument)
        let parsed: (String, JobParameter)
        do {
            parsed = try JobParameters.parseArgument(argument)
        } catch {
            throw convert(error)
        }
        let (name, parameter) = parsed
        guard let expected = declared[name] else { return parsed }
        if !hasExplicitType(argument) {
            // `name=value` is a string in Spring's notation: read it as the declared type instead.
            let raw = String(argument[argument.index(after: argument.firstIndex(of: "=")!)...])
            return (
                name,
                JobParameter(try parseValue(raw, kind: expected.kind, name: name), identifying: expected.isIdentifying)
            )
        }
        guard parameter.kind == expected.kind else {
            throw CommandError(
                .wrongType,
                "parameter '\(name)' is declared \(shortName(expected.kind)) in the job file of '\(job)' but given as "
                    + "\(shortName(parameter.kind)); write \(name)(\(notationName(expected.kind)))=… "
                    + "or leave the type out"
            )
        }
        return parsed
    }

    /// Whether the argument names a type: `name(type)=…` or `name=value,type[,identifying]`.
    private static func hasExplicitType(_ argument: String) -> Bool {
        guard let equals = argument.firstIndex(of: "=") else { return true }
        return argument[..<equals].contains("(") || argument[argument.index(after: equals)...].contains(",")
    }

    // MARK: Helpers

    /// Refuses an argument that names the `date` type (`name(date)=…`, `name=…,java.util.Date`) with an
    /// instant the shared parser cannot hold, before that parser sees it.
    private static func checkDateRange(_ argument: String) throws(CommandError) {
        guard let equals = argument.firstIndex(of: "=") else { return }
        let left = argument[..<equals]
        let right = argument[argument.index(after: equals)...]
        if let open = left.firstIndex(of: "("), left.hasSuffix(")") {
            let type = left[left.index(after: open)..<left.index(before: left.endIndex)]
                .split(separator: ",", omittingEmptySubsequences: false).first?
                .trimmingCharacters(in: .whitespaces).lowercased()
            if type == "date" || type == "java.util.date" {
                try checkDateRange(String(right), name: String(left[..<open]))
            }
            return
        }
        let tokens = right.split(separator: ",", omittingEmptySubsequences: false)
        if tokens.count >= 2, tokens[1] == "java.util.Date" {
            try checkDateRange(String(tokens[0]), name: String(left))
        }
    }

    /// `java.util.Date` values are read by a parser that counts nanoseconds in an `Int64` and traps outside
    /// the years 1678 to 2261: such a value is refused here, so that a command can never crash the handler.
    private static func checkDateRange(_ text: String, name: String) throws(CommandError) {
        guard text.isEmpty || CommandPayload.isWithinInstantYears(text) else {
            throw CommandError(
                .wrongType,
                "parameter '\(name)': a date must be an ISO-8601 instant between the years 1678 and 2261, such as "
                    + "2026-11-22T10:00:00Z"
            )
        }
    }

    private static func parseValue(_ text: String, kind: JobParameter.Kind, name: String)
        throws(CommandError) -> JobParameter.Value
    {
        if kind == .date { try checkDateRange(text, name: name) }
        do {
            return try JobParameter.Value(parsing: text, as: kind, name: name)
        } catch {
            throw convert(error)
        }
    }

    private static func convert(_ error: JobParameterError) -> CommandError {
        let message = error.parameterName.map { "parameter '\($0)': \(error.message)" } ?? error.message
        return CommandError(error.code == .invalidValue ? .wrongType : .invalidValue, message)
    }

    /// The job-file name of a type (`local-date`), as `parameters:` in a job file writes it.
    static func shortName(_ kind: JobParameter.Kind) -> String {
        switch kind {
        case .string: "string"
        case .long: "long"
        case .double: "double"
        case .date: "date"
        case .localDate: "local-date"
        case .localDateTime: "local-date-time"
        case .integer: "integer"
        case .boolean: "boolean"
        case .localTime: "local-time"
        }
    }

    /// The notation's short name of a type (`localdate`).
    private static func notationName(_ kind: JobParameter.Kind) -> String {
        shortName(kind).replacingOccurrences(of: "-", with: "")
    }

    private static func expectedJSON(_ kind: JobParameter.Kind) -> String {
        switch kind {
        case .string: "a string"
        case .long, .integer: "an integer"
        case .double: "a number"
        case .boolean: "true or false"
        case .date: "a string holding an ISO-8601 instant (2026-11-22T10:00:00Z)"
        case .localDate: "a string holding a date (2026-11-22)"
        case .localDateTime: "a string holding a date and time (2026-11-22T10:00:00)"
        case .localTime: "a string holding a time (10:00:00)"
        }
    }
}
