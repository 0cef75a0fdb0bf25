package cn.chengyu.pass.site;

/** Whether a session admits only visitors who booked it. */
public enum ReservationRule {
    /** A scan during the session needs the card's booking for it. */
    REQUIRED,
    /** Bookings hold a seat; walk-ins take the seats left. */
    OPTIONAL
}
