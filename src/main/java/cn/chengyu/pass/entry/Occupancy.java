package cn.chengyu.pass.entry;

import java.time.LocalDate;

/** How many visitors a site admitted on a business day against its capacity. */
public record Occupancy(String site, LocalDate date, long admitted, long capacity, OccupancyLevel level) {

    public static Occupancy of(String site, LocalDate date, long admitted, long capacity) {
        return new Occupancy(site, date, admitted, capacity, OccupancyLevel.of(admitted, capacity));
    }
}
