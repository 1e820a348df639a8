// The shared test support (and through it BatchwireTestBasics: `eventually`, `TimedOut`, the environment
// reader, the services condition, the loopback HTTP client); exported here so every file of this target sees it.
@_exported import BatchwireTestSupport
