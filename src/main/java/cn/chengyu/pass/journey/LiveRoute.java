package cn.chengyu.pass.journey;

import cn.chengyu.pass.entry.OccupancyLevel;
import cn.chengyu.pass.site.ReservationRule;
import cn.chengyu.pass.web.LocalizedName;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;

/** A published route's stops on one day: how full each is, what is still open, and where else to go. */
@Schema(name = "LiveRoute", description = "Each stop of a published route on a day: how full it is, its sessions still open, "
        + "and for a stop that is RED or full up to three alternatives")
public record LiveRoute(
        @Schema(description = "Route code", example = "liquor-culture") String route,
        @Schema(description = "The published version") int version,
        @Schema(description = "Business day (Asia/Shanghai)") LocalDate date,
        @Schema(description = "The stops in visiting order") List<Stop> stops) {

    /** One stop on the day. */
    @Schema(name = "LiveStop", description = "A stop of the route on the day")
    public record Stop(
            @Schema(description = "Site code", example = "cq-hongyadong") String siteCode,
            @Schema(description = "Day of the route, from 1") int day,
            @Schema(description = "Name in Chinese and English") LocalizedName name,
            @Schema(description = "How full the site is that day: seats booked and visitors admitted against its capacity")
            OccupancyLevel level,
            @Schema(description = "True when no session still open has a seat left (or the site is closed)") boolean full,
            @Schema(description = "Its sessions that have not ended yet, earliest first") List<OpenSession> openSessions,
            @Schema(description = "For a stop that is RED or full: up to three sites of a published route of the same theme, "
                    + "or of the same city, that are open, not RED and not full, nearest first; empty otherwise")
            List<Alternative> alternatives) {
    }

    /** A session that has not ended. */
    @Schema(name = "LiveSession", description = "A session of the site that has not ended yet")
    public record OpenSession(
            @Schema(description = "Session code", example = "night") String session,
            @Schema(description = "Opening time (HH:mm, Asia/Shanghai)", example = "17:00") String opens,
            @Schema(description = "Closing time (HH:mm); earlier than opens: past midnight", example = "23:30") String closes,
            @Schema(description = "Seats left for bookings and walk-ins") int remaining,
            @Schema(description = "REQUIRED: only visitors who booked are admitted") ReservationRule reservation) {
    }

    /** Another site to go to instead. */
    @Schema(name = "RouteAlternative", description = "A site to visit instead of a stop that is RED or full")
    public record Alternative(
            @Schema(description = "Site code", example = "cq-ciqikou") String siteCode,
            @Schema(description = "Name in Chinese and English") LocalizedName name,
            @Schema(description = "City") String city,
            @Schema(description = "How full it is that day") OccupancyLevel level,
            @Schema(description = "Great-circle distance from the stop's site, km, to one decimal") double distanceKm) {
    }
}
