package cn.chengyu.pass.reservation;

import cn.chengyu.pass.entry.OccupancyLevel;
import cn.chengyu.pass.site.OpeningHours;
import cn.chengyu.pass.site.ReservationRule;
import cn.chengyu.pass.site.SiteSession;
import cn.chengyu.pass.web.LocalizedName;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How many seats of a session on one day are booked, used and left. */
@Schema(name = "SessionAvailability", description = "A session of a site on one day: its seats booked, admitted and left")
public record SessionAvailability(
        @Schema(description = "Session code", example = "night") String session,
        @Schema(description = "Name in Chinese and English") LocalizedName name,
        @Schema(description = "Opening time (HH:mm, Asia/Shanghai)", example = "18:00") String opens,
        @Schema(description = "Closing time (HH:mm); earlier than opens: past midnight", example = "01:00") String closes,
        @Schema(description = "Admissions allowed in the session that day, bookings included") int capacity,
        @Schema(description = "Seats held by bookings not yet used") int booked,
        @Schema(description = "Visitors admitted (walk-ins and used bookings)") int admitted,
        @Schema(description = "Seats left for bookings and walk-ins") int remaining,
        @Schema(description = "How full the session is: booked and admitted against capacity") OccupancyLevel level,
        @Schema(description = "REQUIRED: only visitors who booked are admitted") ReservationRule reservation) {

    public static SessionAvailability of(SiteSession session, int admitted, int booked) {
        OpeningHours hours = OpeningHours.of(session.opens, session.closes);
        return new SessionAvailability(session.code, new LocalizedName(session.nameZh, session.nameEn), hours.opens(),
                hours.closes(), session.capacity, booked, admitted, Math.max(0, session.capacity - admitted - booked),
                OccupancyLevel.of(admitted + (long) booked, session.capacity), session.reservation);
    }
}
