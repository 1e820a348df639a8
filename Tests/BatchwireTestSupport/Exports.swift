// The runtime-free helpers (the services condition, the environment reader, `eventually`, `TimedOut`, the
// process runner, the private broker, the fixtures) live in BatchwireTestBasics, which targets without the
// runtime use alone; exported here so every target of this support sees them too.
@_exported import BatchwireTestBasics
