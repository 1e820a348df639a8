import Foundation
import Testing

@testable import BatchwireCore

/// PARAMETER_TYPE / PARAMETER_VALUE renderings (spec §3, JDK 17 output) in both directions, and the
/// command-line notations.
@Suite struct JobParameterTests {
    @Test func databaseRenderings() {
        let date = JobParameter(.date(millisecondsSince1970: 1_705_314_600_123))
        #expect(date.databaseType == "java.util.Date")
        #expect(date.databaseValue == "2024-01-15T10:30:00.123Z")
        let whole = JobParameter(.date(millisecondsSince1970: 1_705_314_600_000), identifying: false)
        #expect(whole.databaseValue == "2024-01-15T10:30:00Z")
        #expect(whole.databaseIdentifying == "N")
        let dateTime = JobParameter(.localDateTime(LocalDateTime(year: 2024, month: 1, day: 15, hour: 10, minute: 30)!))
        #expect(dateTime.databaseType == "java.time.LocalDateTime")
        #expect(dateTime.databaseValue == "2024-01-15T10:30:00")
        #expect(dateTime.value.javaToString() == "2024-01-15T10:30")
        let fraction = JobParameter.Value.localDateTime(
            LocalDateTime(year: 2024, month: 1, day: 15, hour: 10, minute: 30, second: 5, nanosecond: 500_000_000)!)
        #expect(fraction.databaseValue == "2024-01-15T10:30:05.5")
        #expect(fraction.javaToString() == "2024-01-15T10:30:05.500")
        #expect(JobParameter(.localDate(LocalDate(year: 2024, month: 1, day: 15)!)).databaseValue == "2024-01-15")
        #expect(JobParameter(.long(-42)).databaseValue == "-42")
        #expect(JobParameter(.long(-42)).databaseType == "java.lang.Long")
        #expect(JobParameter(.double(1.0e7)).databaseValue == "1.0E7")
        #expect(JobParameter(.double(1.0)).databaseValue == "1.0")
        #expect(JobParameter(.string("Zoë 日本 😀")).databaseValue == "Zoë 日本 😀")
        #expect(JobParameter(.string("x")).databaseType == "java.lang.String")
        #expect(JobParameter(.localTime(LocalTime(hour: 10, minute: 30)!)).databaseValue == "10:30:00")
        #expect(JobParameter(.string("x")).databaseIdentifying == "Y")
    }

    @Test(arguments: [
        ("java.lang.String", "Zoë 日本 😀", JobParameter.Value.string("Zoë 日本 😀")),
        ("java.lang.Long", "123", .long(123)),
        ("java.lang.Long", "0x1F", .long(31)),
        ("java.lang.Double", "1.0E7", .double(1.0e7)),
        ("java.lang.Double", "1.5", .double(1.5)),
        ("java.util.Date", "2024-01-15T10:30:00.123Z", .date(millisecondsSince1970: 1_705_314_600_123)),
        ("java.util.Date", "2024-01-15T10:30:00Z", .date(millisecondsSince1970: 1_705_314_600_000)),
        ("java.time.LocalDate", "2024-01-15", .localDate(LocalDate(year: 2024, month: 1, day: 15)!)),
        (
            "java.time.LocalDateTime", "2024-01-15T10:30:05.5",
            .localDateTime(
                LocalDateTime(year: 2024, month: 1, day: 15, hour: 10, minute: 30, second: 5, nanosecond: 500_000_000)!)
        ),
        (
            "java.time.LocalDateTime", "2024-01-15T10:30",
            .localDateTime(LocalDateTime(year: 2024, month: 1, day: 15, hour: 10, minute: 30)!)
        ),
        ("java.lang.Integer", "7", .integer(7)),
        ("java.lang.Boolean", "true", .boolean(true)),
        ("java.time.LocalTime", "10:30:00", .localTime(LocalTime(hour: 10, minute: 30)!)),
    ])
    func decodesWhatSpringWrote(type: String, value: String, expected: JobParameter.Value) throws {
        let parameter = try JobParameter(databaseType: type, databaseValue: value, databaseIdentifying: "y")
        #expect(parameter.value == expected)
        #expect(parameter.isIdentifying)
    }

    @Test func roundTripsThroughTheDatabaseForm() throws {
        let values: [JobParameter.Value] = [
            .string("Grüße, \"quoted\" 😀"), .long(Int64.min), .double(-1.0e-4), .double(0.1),
            .date(millisecondsSince1970: -1), .localDate(LocalDate(year: 1, month: 1, day: 1)!),
            .localDateTime(
                LocalDateTime(year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 59, nanosecond: 999_999_999)!
            ),
            .integer(Int32.max), .boolean(false), .localTime(LocalTime(hour: 0, minute: 0, second: 0, nanosecond: 1)!),
        ]
        for value in values {
            let parameter = JobParameter(value, identifying: false)
            let decoded = try JobParameter(
                databaseType: parameter.databaseType, databaseValue: parameter.databaseValue,
                databaseIdentifying: parameter.databaseIdentifying)
            #expect(decoded == parameter)
        }
    }

    @Test func decodingErrors() {
        #expect(throws: JobParameterError.self) {
            try JobParameter(databaseType: "java.math.BigDecimal", databaseValue: "1", databaseIdentifying: "Y")
        }
        do {
            _ = try JobParameter(
                databaseType: "java.lang.Long", databaseValue: "12x", databaseIdentifying: "Y", name: "n")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.parameterName == "n")
            #expect(!error.description.contains("12x"))
        }
    }

    @Test func springNotation() throws {
        let parameters = try JobParameters.parse(commandLine: [
            "name=foo",
            "schedule.date=2022-12-12,java.time.LocalDate",
            "run.id=5,java.lang.Long,false",
            "ratio=1.5,java.lang.Double,true",
            "city=Zürich 😀",
            "empty=",
        ])
        #expect(parameters.parameterNames == ["name", "schedule.date", "run.id", "ratio", "city", "empty"])
        #expect(parameters["name"] == JobParameter(.string("foo")))
        #expect(parameters["schedule.date"] == JobParameter(.localDate(LocalDate(year: 2022, month: 12, day: 12)!)))
        #expect(parameters["run.id"] == JobParameter(.long(5), identifying: false))
        #expect(parameters["ratio"] == JobParameter(.double(1.5)))
        #expect(parameters["city"] == JobParameter(.string("Zürich 😀")))
        #expect(parameters["empty"] == JobParameter(.string("")))
        #expect(
            JobParameters.springNotation(name: "run.id", parameter: JobParameter(.long(5), identifying: false))
                == "run.id=5,java.lang.Long,false")
    }

    @Test func bracketNotation() throws {
        let parameters = try JobParameters.parse(commandLine: [
            "list(string)=a,b,c",
            "count(long)=42",
            "day(LocalDate,false)=2024-01-15",
            "at(java.time.LocalDateTime)=2024-01-15T10:30",
            "equation(string)=x=y",
        ])
        #expect(parameters["list"] == JobParameter(.string("a,b,c")))
        #expect(parameters["count"] == JobParameter(.long(42)))
        #expect(
            parameters["day"] == JobParameter(.localDate(LocalDate(year: 2024, month: 1, day: 15)!), identifying: false)
        )
        #expect(
            parameters["at"]
                == JobParameter(.localDateTime(LocalDateTime(year: 2024, month: 1, day: 15, hour: 10, minute: 30)!)))
        #expect(parameters["equation"] == JobParameter(.string("x=y")))
    }

    @Test(arguments: [
        ("novalue", JobParameterError.Code.invalidNotation),
        ("=x", .emptyName),
        ("a=1,2,3,4", .invalidNotation),
        ("a=1,long", .unknownType),
        ("a=1,java.math.BigDecimal", .unknownType),
        ("a=x,java.lang.Long", .invalidValue),
        ("a=1,java.lang.Long,maybe", .invalidIdentifyingFlag),
        ("a(long=1", .invalidNotation),
        ("a(long,true,x)=1", .invalidNotation),
        ("a(decimal)=1", .unknownType),
        ("a(localdate)=2024-02-30", .invalidValue),
        ("a(long)=99999999999999999999", .invalidValue),
        ("a(integer)=2147483648", .invalidValue),
    ])
    func notationErrors(argument: String, code: JobParameterError.Code) {
        do {
            _ = try JobParameters.parseArgument(argument)
            Issue.record("expected \(code) for \(argument)")
        } catch {
            #expect(error.code == code)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func identifyingSubsetAndEquality() {
        let parameters: JobParameters = [
            "a": JobParameter(.long(1)), "b": JobParameter(.long(2), identifying: false),
            "c": JobParameter(.string("x")),
        ]
        #expect(parameters.identifying.parameterNames == ["a", "c"])
        #expect(parameters.nonIdentifying.parameterNames == ["b"])
        let reordered: JobParameters = [
            "c": JobParameter(.string("x")), "a": JobParameter(.long(1)),
            "b": JobParameter(.long(2), identifying: false),
        ]
        #expect(parameters == reordered)
        #expect(
            parameters.springDescription()
                == "{'a':'{value=1, type=class java.lang.Long, identifying=true}',"
                + "'b':'{value=2, type=class java.lang.Long, identifying=false}',"
                + "'c':'{value=x, type=class java.lang.String, identifying=true}'}")
    }
}
