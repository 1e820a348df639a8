import BatchwireTestSupport
import Testing

/// `batchwire serve` driven as a process: the built binary started, signalled and inspected through the
/// database it writes, against the real MariaDB (and Mosquitto) of `scripts/services.sh`.
///
/// Serialized: each test runs daemons that fire every second, and they must not compete with each other
/// for the machine's two cores.
@Suite("batchwire serve as a process", .serialized, .needs(.mysql, .mqtt))
struct ServeProcessTests {}
