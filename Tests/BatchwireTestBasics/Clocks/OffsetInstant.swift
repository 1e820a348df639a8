/// An instant of a test clock: a duration since the clock's start.
package struct OffsetInstant: InstantProtocol {
    /// The time since the clock's start.
    package var offset: Duration

    /// The instant `offset` after the clock's start.
    package init(offset: Duration) { self.offset = offset }

    package func advanced(by duration: Duration) -> OffsetInstant { OffsetInstant(offset: offset + duration) }
    package func duration(to other: OffsetInstant) -> Duration { other.offset - offset }
    package static func < (lhs: OffsetInstant, rhs: OffsetInstant) -> Bool { lhs.offset < rhs.offset }
}
