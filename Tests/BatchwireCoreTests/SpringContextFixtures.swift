/// Contexts as Spring Batch 5's `DefaultExecutionContextSerializer` writes them, holding values other than
/// String, Long, Integer, Double and Boolean. CI has no JDK, so the Base64 is committed; it was produced
/// by JDK 17.0.15 running the program below (`javac SpringContextFixtures.java && java
/// -Duser.timezone=UTC SpringContextFixtures`), which serializes a `HashMap<String, Object>` through
/// `ObjectOutputStream` and Base64 exactly as Spring does. `restart` is copied into
/// `Tests/BatchwireRuntimeTests/StepContextFileTests.swift`, the others into the store and process tests.
///
/// ```java
/// import java.io.*;
/// import java.math.*;
/// import java.time.*;
/// import java.util.*;
///
/// /**
///  * Prints Base64 contexts as Spring Batch 5's DefaultExecutionContextSerializer writes them:
///  * ObjectOutputStream.writeObject(HashMap<String, Object>), Base64 (standard, padded).
///  * Run with: javac SpringContextFixtures.java && java -Duser.timezone=UTC SpringContextFixtures
///  */
/// public class SpringContextFixtures {
///     /** A class Batchwire does not know: its values must survive a rewrite. */
///     static class Cursor implements Serializable {
///         private static final long serialVersionUID = 7L;
///         String table = "orders";
///         long lastId = 4711L;
///         List<String> columns = new ArrayList<>(List.of("id", "created"));
///     }
///
///     static String encode(Map<String, Object> map) throws IOException {
///         ByteArrayOutputStream bytes = new ByteArrayOutputStream();
///         ObjectOutputStream out = new ObjectOutputStream(bytes);
///         out.writeObject(map);
///         out.flush();
///         return Base64.getEncoder().encodeToString(bytes.toByteArray());
///     }
///
///     public static void main(String[] args) throws Exception {
///         Map<String, Object> date = new HashMap<>();
///         date.put("reader.lastRun", new Date(1705314600123L));
///         date.put("reader.read.count", 42L);
///         System.out.println("date " + encode(date));
///
///         Map<String, Object> all = new HashMap<>();
///         all.put("date", new Date(1705314600123L));
///         java.sql.Timestamp ts = new java.sql.Timestamp(1705314600123L); ts.setNanos(123456789);
///         all.put("timestamp", ts);
///         all.put("localDate", LocalDate.of(2024, 1, 15));
///         all.put("localDateTime", LocalDateTime.of(2024, 1, 15, 10, 30, 5, 120_000_000));
///         all.put("localTime", LocalTime.of(10, 30));
///         all.put("instant", Instant.ofEpochSecond(1705314600L, 500));
///         all.put("offsetDateTime", OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 0, ZoneOffset.ofHours(2)));
///         all.put("zonedDateTime", ZonedDateTime.of(2024, 1, 15, 10, 30, 0, 0, ZoneId.of("Europe/Berlin")));
///         all.put("duration", Duration.ofSeconds(90, 5));
///         all.put("decimal", new BigDecimal("-12345.678"));
///         all.put("bigInteger", new BigInteger("123456789012345678901234567890"));
///         all.put("enum", DayOfWeek.MONDAY);
///         all.put("char", 'x');
///         all.put("short", (short) -7);
///         all.put("byte", (byte) 3);
///         all.put("float", 1.5f);
///         all.put("arrayList", new ArrayList<>(List.of("a", 1L, true)));
///         all.put("linkedList", new LinkedList<>(List.of(1, 2)));
///         all.put("hashSet", new HashSet<>(List.of("x")));
///         all.put("linkedHashSet", new LinkedHashSet<>(List.of("p", "q")));
///         Map<String, Object> inner = new HashMap<>();
///         inner.put("k", 5);
///         all.put("hashMap", inner);
///         LinkedHashMap<String, Object> startAfter = new LinkedHashMap<>();
///         startAfter.put("id", 4711L);
///         startAfter.put("name", "zeta");
///         all.put("start.after", startAfter);
///         TreeMap<String, Object> tree = new TreeMap<>();
///         tree.put("b", List.of(new BigDecimal("1.50")));
///         tree.put("a", new ArrayList<>(List.of(LocalDate.of(2024, 2, 29))));
///         all.put("treeMap", tree);
///         all.put("cursor", new Cursor());
///         all.put("plain", "text");
///         all.put("count", 3L);
///         System.out.println("all " + encode(all));
///
///         Map<String, Object> restart = new HashMap<>();
///         restart.put("lastRun", new Date(1705314600123L));
///         restart.put("cursor", new Cursor());
///         restart.put("count", 3L);
///         System.out.println("restart " + encode(restart));
///     }
/// }
/// ```
enum SpringContextFixtures {
    /// `reader.lastRun` = `new Date(1705314600123L)`, `reader.read.count` = `42L`.
    static let date =
        "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAA"
        + "ABAAAAACdAARcmVhZGVyLnJlYWQuY291bnRzcgAOamF2YS5sYW5nLkxvbmc7i+SQzI8j3wIAAUoABXZhbHVleHIAEGphdmEubGFu"
        + "Zy5OdW1iZXKGrJUdC5TgiwIAAHhwAAAAAAAAACp0AA5yZWFkZXIubGFzdFJ1bnNyAA5qYXZhLnV0aWwuRGF0ZWhqgQFLWXQZAwAA"
        + "eHB3CAAAAY0Mq8S7eHg="

    /// Every JDK value type Batchwire reads, nested collections, and `cursor`, a class it does not know.
    static let all =
        "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAADB3CAAA"
        + "AEAAAAAadAAEZGF0ZXNyAA5qYXZhLnV0aWwuRGF0ZWhqgQFLWXQZAwAAeHB3CAAAAY0Mq8S7eHQADWxvY2FsRGF0ZVRpbWVzcgAN"
        + "amF2YS50aW1lLlNlcpVdhLobIkiyDAAAeHB3DgUAAAfoAQ8KHgUHJw4AeHQADWxpbmtlZEhhc2hTZXRzcgAXamF2YS51dGlsLkxp"
        + "bmtlZEhhc2hTZXTYbNdald0qHgIAAHhyABFqYXZhLnV0aWwuSGFzaFNldLpEhZWWuLc0AwAAeHB3DAAAABA/QAAAAAAAAnQAAXB0"
        + "AAFxeHQAC3N0YXJ0LmFmdGVyc3IAF2phdmEudXRpbC5MaW5rZWRIYXNoTWFwNMBOXBBswPsCAAFaAAthY2Nlc3NPcmRlcnhxAH4A"
        + "AD9AAAAAAAAMdwgAAAAQAAAAAnQAAmlkc3IADmphdmEubGFuZy5Mb25nO4vkkMyPI98CAAFKAAV2YWx1ZXhyABBqYXZhLmxhbmcu"
        + "TnVtYmVyhqyVHQuU4IsCAAB4cAAAAAAAABJndAAEbmFtZXQABHpldGF4AHQABmN1cnNvcnNyABxTcHJpbmdDb250ZXh0Rml4dHVy"
        + "ZXMkQ3Vyc29yAAAAAAAAAAcCAANKAAZsYXN0SWRMAAdjb2x1bW5zdAAQTGphdmEvdXRpbC9MaXN0O0wABXRhYmxldAASTGphdmEv"
        + "bGFuZy9TdHJpbmc7eHAAAAAAAAASZ3NyABNqYXZhLnV0aWwuQXJyYXlMaXN0eIHSHZnHYZ0DAAFJAARzaXpleHAAAAACdwQAAAAC"
        + "cQB+ABF0AAdjcmVhdGVkeHQABm9yZGVyc3QAB3RyZWVNYXBzcgARamF2YS51dGlsLlRyZWVNYXAMwfY+LSVq5gMAAUwACmNvbXBh"
        + "cmF0b3J0ABZMamF2YS91dGlsL0NvbXBhcmF0b3I7eHBwdwQAAAACdAABYXNxAH4AHAAAAAF3BAAAAAFzcQB+AAZ3BwMAAAfoAh14"
        + "eHQAAWJzcgARamF2YS51dGlsLkNvbGxTZXJXjqu2OhuoEQMAAUkAA3RhZ3hwAAAAAXcEAAAAAXNyABRqYXZhLm1hdGguQmlnRGVj"
        + "aW1hbFTHFVf5gShPAwACSQAFc2NhbGVMAAZpbnRWYWx0ABZMamF2YS9tYXRoL0JpZ0ludGVnZXI7eHEAfgATAAAAAnNyABRqYXZh"
        + "Lm1hdGguQmlnSW50ZWdlcoz8nx+pO/sdAwAGSQAIYml0Q291bnRJAAliaXRMZW5ndGhJABNmaXJzdE5vbnplcm9CeXRlTnVtSQAM"
        + "bG93ZXN0U2V0Qml0SQAGc2lnbnVtWwAJbWFnbml0dWRldAACW0J4cQB+ABP///////////////7////+AAAAAXVyAAJbQqzzF/gG"
        + "CFTgAgAAeHAAAAABlnh4eHh0AAVmbG9hdHNyAA9qYXZhLmxhbmcuRmxvYXTa7cmi2zzw7AIAAUYABXZhbHVleHEAfgATP8AAAHQA"
        + "B2luc3RhbnRzcQB+AAZ3DQIAAAAAZaUJKAAAAfR4dAAIZHVyYXRpb25zcQB+AAZ3DQEAAAAAAAAAWgAAAAV4dAANem9uZWREYXRl"
        + "VGltZXNxAH4ABncaBgAAB+gBDwrhBAcADUV1cm9wZS9CZXJsaW54dAAFcGxhaW50AAR0ZXh0dAAOb2Zmc2V0RGF0ZVRpbWVzcQB+"
        + "AAZ3CgoAAAfoAQ8K4Qh4dAAJYXJyYXlMaXN0c3EAfgAcAAAAA3cEAAAAA3EAfgAkc3EAfgASAAAAAAAAAAFzcgARamF2YS5sYW5n"
        + "LkJvb2xlYW7NIHKA1Zz67gIAAVoABXZhbHVleHABeHQACWxvY2FsRGF0ZXNxAH4ABncHAwAAB+gBD3h0AAl0aW1lc3RhbXBzcgAS"
        + "amF2YS5zcWwuVGltZXN0YW1wJhjVyAFTv2UCAAFJAAVuYW5vc3hxAH4AA3cIAAABjQyrxEB4B1vNFXQACmxpbmtlZExpc3RzcgAU"
        + "amF2YS51dGlsLkxpbmtlZExpc3QMKVNdSmCIIgMAAHhwdwQAAAACc3IAEWphdmEubGFuZy5JbnRlZ2VyEuKgpPeBhzgCAAFJAAV2"
        + "YWx1ZXhxAH4AEwAAAAFzcQB+AEwAAAACeHQABGJ5dGVzcgAOamF2YS5sYW5nLkJ5dGWcTmCE7lD1HAIAAUIABXZhbHVleHEAfgAT"
        + "A3QAB2hhc2hTZXRzcQB+AAp3DAAAABA/QAAAAAAAAXQAAXh4dAAFY291bnRzcQB+ABIAAAAAAAAAA3QACmJpZ0ludGVnZXJzcQB+"
        + "AC3///////////////7////+AAAAAXVxAH4AMAAAAA0BjukP9sNz4O5OPwrSeHQABGVudW1+cgATamF2YS50aW1lLkRheU9mV2Vl"
        + "awAAAAAAAAAAEgAAeHIADmphdmEubGFuZy5FbnVtAAAAAAAAAAASAAB4cHQABk1PTkRBWXQACWxvY2FsVGltZXNxAH4ABncDBArh"
        + "eHQABGNoYXJzcgATamF2YS5sYW5nLkNoYXJhY3RlcjSLR9lrGiZ4AgABQwAFdmFsdWV4cAB4dAAFc2hvcnRzcgAPamF2YS5sYW5n"
        + "LlNob3J0aE03EzRg2lICAAFTAAV2YWx1ZXhxAH4AE//5dAAHZGVjaW1hbHNxAH4AKgAAAANzcQB+AC3///////////////7////+"
        + "/////3VxAH4AMAAAAAO8YU54eHQAB2hhc2hNYXBzcQB+AAA/QAAAAAAADHcIAAAAEAAAAAF0AAFrc3EAfgBMAAAABXh4"

    /// `lastRun` = `new Date(1705314600123L)`, `cursor` = a `Cursor`, `count` = `3L`.
    static let restart =
        "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAA"
        + "ABAAAAADdAAGY3Vyc29yc3IAHFNwcmluZ0NvbnRleHRGaXh0dXJlcyRDdXJzb3IAAAAAAAAABwIAA0oABmxhc3RJZEwAB2NvbHVt"
        + "bnN0ABBMamF2YS91dGlsL0xpc3Q7TAAFdGFibGV0ABJMamF2YS9sYW5nL1N0cmluZzt4cAAAAAAAABJnc3IAE2phdmEudXRpbC5B"
        + "cnJheUxpc3R4gdIdmcdhnQMAAUkABHNpemV4cAAAAAJ3BAAAAAJ0AAJpZHQAB2NyZWF0ZWR4dAAGb3JkZXJzdAAHbGFzdFJ1bnNy"
        + "AA5qYXZhLnV0aWwuRGF0ZWhqgQFLWXQZAwAAeHB3CAAAAY0Mq8S7eHQABWNvdW50c3IADmphdmEubGFuZy5Mb25nO4vkkMyPI98C"
        + "AAFKAAV2YWx1ZXhyABBqYXZhLmxhbmcuTnVtYmVyhqyVHQuU4IsCAAB4cAAAAAAAAAADeA=="
}
