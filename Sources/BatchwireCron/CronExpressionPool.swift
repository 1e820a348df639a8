/// Makes equal expressions share one copy of their compiled fields.
///
/// A fleet repeats a few expressions, and `H` spreads the rest over a limited set of minutes and hours, so
/// many of 100,000 schedules compile to fields another already has. Pass one pool while building many
/// schedules (the scheduler does, per registry rebuild) and drop it afterwards: what the expressions share
/// stays alive as long as they do; the pool itself holds nothing after it is gone.
///
/// ```swift
/// let pool = CronExpressionPool()
/// let a = pool.share(try CronExpression("H H * * *", seed: "orders"))
/// let b = pool.share(try CronExpression("17 3 * * *"))   // shares a's fields if "orders" hashed to 03:17
/// ```
///
/// Not `Sendable`: use it from one task.
public final class CronExpressionPool {
    private var known: Set<CronFields> = []

    public init() {}

    /// `expression`, holding the pool's copy of its compiled fields when an equal expression came first.
    public func share(_ expression: CronExpression) -> CronExpression {
        if let index = known.firstIndex(of: expression.fields) {
            return CronExpression(expression, sharing: known[index])
        }
        known.insert(expression.fields)
        return expression
    }

    /// How many distinct compiled fields the pool has seen.
    public var distinctCount: Int { known.count }

    /// Whether `a` and `b` hold the same copy of their compiled fields (tests).
    public static func shareFields(_ a: CronExpression, _ b: CronExpression) -> Bool {
        a.fields === b.fields
    }
}
