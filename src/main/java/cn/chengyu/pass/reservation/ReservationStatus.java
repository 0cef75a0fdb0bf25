package cn.chengyu.pass.reservation;

/** Where a reservation stands. */
public enum ReservationStatus {
    /** Holds a seat of its session. */
    BOOKED,
    /** A gate admitted the card with it. */
    USED,
    /** Cancelled before its session opened; the seat was freed. */
    CANCELLED,
    /** Still BOOKED when its session ended (not stored: read from the time). */
    NO_SHOW
}
