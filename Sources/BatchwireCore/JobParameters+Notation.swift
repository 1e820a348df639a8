extension JobParameters {
    /// Parses command-line parameters, one `name=value` argument each.
    ///
    /// Two notations are accepted:
    /// - Spring 5's `DefaultJobParametersConverter`: `name=value`, `name=value,type` or
    ///   `name=value,type,identifying`, where `type` is a fully-qualified Java class name
    ///   (default `java.lang.String`) and `identifying` is `true` or `false` (default `true`).
    ///   Example: `schedule.date=2022-12-12,java.time.LocalDate`. The value cannot contain a comma.
    /// - Batchwire's bracket form: `name(type)=value` or `name(type,identifying)=value`, where `type` is a
    ///   Java class name or a short name (`string`, `long`, `double`, `date`, `localdate`, `localdatetime`,
    ///   `integer`, `boolean`, `localtime`), case-insensitive. The value is taken verbatim, commas included.
    ///
    /// - Parameter arguments: the arguments, in order; later duplicates replace earlier ones.
    /// - Returns: the parameters in argument order.
    /// - Throws: ``JobParameterError`` saying which argument is wrong and how to write it.
    public static func parse(commandLine arguments: [String]) throws(JobParameterError) -> JobParameters {
        var parameters = JobParameters()
        for argument in arguments {
            let (name, parameter) = try parseArgument(argument)
            parameters[name] = parameter
        }
        return parameters
    }

    /// Parses one command-line parameter; see ``parse(commandLine:)``.
    ///
    /// - Throws: ``JobParameterError``.
    public static func parseArgument(_ argument: String) throws(JobParameterError) -> (String, JobParameter) {
        guard let equals = argument.firstIndex(of: "=") else {
            throw JobParameterError(
                code: .invalidNotation, parameterName: nil,
                message: "a parameter must be written name=value, name=value,type[,identifying] or "
                    + "name(type[,identifying])=value")
        }
        let left = argument[..<equals]
        let right = String(argument[argument.index(after: equals)...])
        if let open = left.firstIndex(of: "(") {
            guard left.hasSuffix(")") else {
                throw JobParameterError(
                    code: .invalidNotation, parameterName: String(left[..<open]),
                    message: "the type must be closed with ')' right before '=', as in name(long)=42")
            }
            let name = String(left[..<open])
            try checkName(name)
            let inner = left[left.index(after: open)..<left.index(before: left.endIndex)]
            let tokens = inner.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingSpaces()
            }
            guard tokens.count <= 2 else {
                throw JobParameterError(
                    code: .invalidNotation, parameterName: name,
                    message: "write at most a type and a flag in brackets, as in name(long,false)=42")
            }
            let kind = try kind(named: tokens[0], parameterName: name, allowShortNames: true)
            let identifying = tokens.count == 2 ? try flag(tokens[1], parameterName: name) : true
            return (
                name,
                JobParameter(try JobParameter.Value(parsing: right, as: kind, name: name), identifying: identifying)
            )
        }
        let name = String(left)
        try checkName(name)
        let tokens = right.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard tokens.count <= 3 else {
            throw JobParameterError(
                code: .invalidNotation, parameterName: name,
                message: "the value has too many commas; Spring's notation is name=value,type,identifying, so a "
                    + "value containing commas must be written in the bracket form, as in name(string)=a,b,c")
        }
        let kind = tokens.count >= 2 ? try kind(named: tokens[1], parameterName: name, allowShortNames: false) : .string
        let identifying = tokens.count == 3 ? try flag(tokens[2], parameterName: name) : true
        let value = try JobParameter.Value(parsing: tokens[0], as: kind, name: name)
        return (name, JobParameter(value, identifying: identifying))
    }

    /// Renders a parameter in Spring 5's notation, `value,type,identifying` (`DefaultJobParametersConverter.encode`),
    /// prefixed with `name=`. The value is the stored rendering (``JobParameter/databaseValue``).
    public static func springNotation(name: String, parameter: JobParameter) -> String {
        "\(name)=\(parameter.databaseValue),\(parameter.kind.javaClassName),\(parameter.isIdentifying)"
    }

    private static func checkName(_ name: String) throws(JobParameterError) {
        if name.trimmingSpaces().isEmpty {
            throw JobParameterError(
                code: .emptyName, parameterName: nil, message: "the parameter name before '=' must not be empty")
        }
    }

    private static let shortNames: [String: JobParameter.Kind] = [
        "string": .string, "long": .long, "double": .double, "date": .date, "localdate": .localDate,
        "localdatetime": .localDateTime, "integer": .integer, "int": .integer, "boolean": .boolean,
        "localtime": .localTime,
    ]

    private static func kind(
        named text: String, parameterName: String, allowShortNames: Bool
    ) throws(JobParameterError) -> JobParameter.Kind {
        if let kind = JobParameter.Kind(javaClassName: text) { return kind }
        if allowShortNames, let kind = shortNames[text.lowercased()] { return kind }
        let accepted =
            allowShortNames
            ? "one of " + shortNames.keys.sorted().joined(separator: ", ") + " or a Java class name"
            : "a Java class name: " + JobParameter.Kind.allCases.map(\.javaClassName).joined(separator: ", ")
        throw JobParameterError(
            code: .unknownType, parameterName: parameterName,
            message: "unknown type '\(text)'; use \(accepted)")
    }

    private static func flag(_ text: String, parameterName: String) throws(JobParameterError) -> Bool {
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            throw JobParameterError(
                code: .invalidIdentifyingFlag, parameterName: parameterName,
                message: "the identifying flag must be true or false")
        }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
