package cn.chengyu.pass.entry;

/** How full a site is today, as a traffic light for visitors. */
public enum OccupancyLevel {
    /** Under 80 % of capacity. */
    GREEN,
    /** At least 80 %. */
    YELLOW,
    /** At least 90 %. */
    ORANGE,
    /** At least 95 %; a site with no capacity is always RED. */
    RED;

    public static OccupancyLevel of(long admitted, long capacity) {
        if (capacity <= 0) {
            return RED;
        }
        // Integer arithmetic, so that exactly 80 % is YELLOW without rounding doubt.
        long scaled = admitted * 100;
        if (scaled >= capacity * 95) {
            return RED;
        }
        if (scaled >= capacity * 90) {
            return ORANGE;
        }
        if (scaled >= capacity * 80) {
            return YELLOW;
        }
        return GREEN;
    }
}
