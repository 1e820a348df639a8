// The launch fixture and waiting helpers live in the BatchwireTestSupport target (shared with the dashboard's
// tests); exported here so every file of this target sees them as before, new files too.
@_exported import BatchwireTestSupport
