internal import CMosquitto

/// MQTT 5 subscription options.
public struct MQTTSubscribeOptions: Sendable, Hashable {
    /// When the broker sends retained messages for a new subscription.
    public enum RetainHandling: Int, Sendable, Hashable {
        /// Whenever the SUBSCRIBE is sent, including the re-subscription after a reconnect.
        case sendOnSubscribe = 0
        /// Only when the subscription did not exist yet: after a reconnect that kept the session, the
        /// retained messages already seen are not sent again. The default.
        case sendOnNewSubscription = 1
        /// Never.
        case doNotSend = 2
    }

    /// Whether the broker should not send this client's own publishes back (not for `$share/`).
    public var noLocal: Bool
    /// Whether delivered messages keep the retain flag they were published with.
    public var retainAsPublished: Bool
    /// When retained messages are sent.
    public var retainHandling: RetainHandling

    /// Makes subscription options.
    public init(noLocal: Bool = false, retainAsPublished: Bool = false,
                retainHandling: RetainHandling = .sendOnNewSubscription) {
        self.noLocal = noLocal
        self.retainAsPublished = retainAsPublished
        self.retainHandling = retainHandling
    }

    /// The defaults: receive own publishes, retain flag as the broker sets it, retained messages on
    /// new subscriptions.
    public static let `default` = MQTTSubscribeOptions()

    /// The `options` argument of `mosquitto_subscribe_v5`.
    var mosquittoFlags: Int32 {
        var flags: Int32 = 0
        if noLocal { flags |= Int32(MQTT_SUB_OPT_NO_LOCAL.rawValue) }
        if retainAsPublished { flags |= Int32(MQTT_SUB_OPT_RETAIN_AS_PUBLISHED.rawValue) }
        flags |= Int32(retainHandling.rawValue) << 4
        return flags
    }
}
