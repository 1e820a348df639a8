import Foundation
import Testing

@testable import BatchwireCore

/// JOB_KEY vectors: spec §2.2/§2.4 worked examples, plus keys computed by a JDK 17 program that builds
/// the pre-image with Spring 5's rules (`JobParameter.toString()`, `Collections.sort`, MD5 hex).
@Suite struct JobKeyGeneratorTests {
    private let fooRunId: JobParameters = [
        "name": JobParameter(.string("foo")),
        "run.id": JobParameter(.long(1)),
    ]

    @Test func specWorkedExampleV5() {
        let generator = JobKeyGenerator()
        #expect(
            generator.preImage(for: fooRunId)
                == "name={value=foo, type=class java.lang.String, identifying=true};"
                + "run.id={value=1, type=class java.lang.Long, identifying=true};")
        #expect(generator.key(for: fooRunId) == "116e9dade2ca26007a4a2af4ae448aa7")
    }

    /// A `Date` parameter's key depends on the JVM's zone (issue 15 item 2). Expected values: JDK 17 with
    /// `-Duser.timezone=…`, `"day=" + "{value=" + date + ", type=" + Date.class + ", identifying=true};" + "n=…;"`.
    @Test(arguments: [
        ("UTC", "Mon Jan 15 10:30:00 UTC 2024", "16f82c14638b501dc65343d968963f38"),
        ("Europe/Berlin", "Mon Jan 15 11:30:00 CET 2024", "5a87e7fe16c6d1cff542b47cc7f6d5da"),
        ("America/New_York", "Mon Jan 15 05:30:00 EST 2024", "80155ae5551f3a5bd8fbd943baa36004"),
    ])
    func dateParametersInTheJVMsZone(zone: String, rendered: String, key: String) throws {
        let parameters: JobParameters = [
            "day": JobParameter(.date(millisecondsSince1970: 1_705_314_600_123)), "n": JobParameter(.string("1")),
        ]
        let generator = JobKeyGenerator(zone: try #require(JavaTimeZone(identifier: zone)))
        #expect(generator.preImage(for: parameters).hasPrefix("day={value=\(rendered), type=class java.util.Date"))
        #expect(generator.key(for: parameters) == key)
    }

    @Test func daylightSavingTimeUsesJavasDaylightName() throws {
        let berlin = try #require(JavaTimeZone(identifier: "Europe/Berlin"))
        let summer = JobParameter.Value.date(millisecondsSince1970: 1_720_000_000_000)
        #expect(summer.javaToString(zone: berlin) == "Wed Jul 03 11:46:40 CEST 2024")
    }

    @Test func insertionOrderDoesNotMatter() {
        let reversed: JobParameters = ["run.id": JobParameter(.long(1)), "name": JobParameter(.string("foo"))]
        #expect(JobKeyGenerator().key(for: reversed) == "116e9dade2ca26007a4a2af4ae448aa7")
    }

    @Test func specLocalDateExample() {
        let parameters: JobParameters = [
            "schedule.date": JobParameter(.localDate(LocalDate(year: 2024, month: 1, day: 15)!))
        ]
        #expect(JobKeyGenerator().key(for: parameters) == "91d45d08adb77f02e94a911aeba1f69d")
        #expect(JobKeyGenerator(format: .v6).key(for: parameters) == "42dda48feece8482cd07d8613e75bb08")
    }

    @Test func specWorkedExampleV6() {
        let generator = JobKeyGenerator(format: .v6)
        #expect(
            generator.preImage(for: fooRunId)
                == "JobParameter{name='name', value=foo, type=class java.lang.String, identifying=true}"
                + "JobParameter{name='run.id', value=1, type=class java.lang.Long, identifying=true}")
        #expect(generator.key(for: fooRunId) == "24489ebb6ba1b0f37cde98a58bc2e0eb")
    }

    @Test func emptyAndNonIdentifyingOnly() {
        let empty = "d41d8cd98f00b204e9800998ecf8427e"
        #expect(JobKeyGenerator().key(for: JobParameters()) == empty)
        #expect(JobKeyGenerator(format: .v6).key(for: JobParameters()) == empty)
        let onlyNonIdentifying: JobParameters = ["x": JobParameter(.long(3), identifying: false)]
        #expect(JobKeyGenerator().key(for: onlyNonIdentifying) == empty)
    }

    @Test func fourXPreImageIsDifferent() {
        // Spec §2.2: the 4.x pre-image `name=foo;run.id=1;` has another digest; we must not produce it.
        #expect(MD5.hexDigest(utf8: "name=foo;run.id=1;") == "927b3d01eedd2bff52efb5aa48fa5a1d")
        #expect(JobKeyGenerator().key(for: fooRunId) != "927b3d01eedd2bff52efb5aa48fa5a1d")
    }

    /// Every type, uppercase/underscore ordering, a non-identifying parameter that must be skipped, and
    /// names outside the BMP, where UTF-16 order (😀 = D83D… before ﬁ = FB01) differs from scalar order.
    @Test func allTypesAndUTF16Ordering() {
        let parameters: JobParameters = [
            "run.id": JobParameter(.long(5)),
            "Zeta": JobParameter(.string("Grüße 😀")),
            "_under": JobParameter(.double(1.0e7)),
            "ratio": JobParameter(.double(0.1)),
            "when": JobParameter(.date(millisecondsSince1970: 1_705_314_600_123)),
            "day": JobParameter(.localDate(LocalDate(year: 2024, month: 1, day: 15)!)),
            "at": JobParameter(.localDateTime(LocalDateTime(year: 2024, month: 1, day: 15, hour: 10, minute: 30)!)),
            "skip": JobParameter(.string("ignored"), identifying: false),
            "😀emoji": JobParameter(.string("x")),
            "ﬁligature": JobParameter(.string("y")),
        ]
        let expectedPreImage =
            "Zeta={value=Grüße 😀, type=class java.lang.String, identifying=true};"
            + "_under={value=1.0E7, type=class java.lang.Double, identifying=true};"
            + "at={value=2024-01-15T10:30, type=class java.time.LocalDateTime, identifying=true};"
            + "day={value=2024-01-15, type=class java.time.LocalDate, identifying=true};"
            + "ratio={value=0.1, type=class java.lang.Double, identifying=true};"
            + "run.id={value=5, type=class java.lang.Long, identifying=true};"
            + "when={value=Mon Jan 15 10:30:00 UTC 2024, type=class java.util.Date, identifying=true};"
            + "😀emoji={value=x, type=class java.lang.String, identifying=true};"
            + "ﬁligature={value=y, type=class java.lang.String, identifying=true};"
        #expect(JobKeyGenerator().preImage(for: parameters) == expectedPreImage)
        #expect(JobKeyGenerator().key(for: parameters) == "e3981c74d07b43da066adc948c0a9ac4")
    }

    @Test func nonASCIIValue() {
        let parameters: JobParameters = ["city": JobParameter(.string("Zürich"))]
        #expect(JobKeyGenerator().key(for: parameters) == "e83e8f6d6fc18bc66bb29f22c2fe384d")
    }

    @Test func dateKeyIgnoresMillisecondsAndDependsOnZone() {
        // Spec §2.3 / spring-batch #4463: Date renders at whole seconds, so these collide.
        let a: JobParameters = ["when": JobParameter(.date(millisecondsSince1970: 1_705_314_600_123))]
        let b: JobParameters = ["when": JobParameter(.date(millisecondsSince1970: 1_705_314_600_999))]
        #expect(JobKeyGenerator().key(for: a) == JobKeyGenerator().key(for: b))
        let paris = JavaTimeZone(
            timeZone: TimeZone(identifier: "Europe/Paris")!, standardName: "CET", daylightName: "CEST")
        #expect(JobKeyGenerator(zone: paris).key(for: a) != JobKeyGenerator().key(for: a))
    }
}
