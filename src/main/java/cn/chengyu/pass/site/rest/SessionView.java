package cn.chengyu.pass.site.rest;

import cn.chengyu.pass.site.OpeningHours;
import cn.chengyu.pass.site.ReservationRule;
import cn.chengyu.pass.site.SiteSession;
import cn.chengyu.pass.web.Codes;
import cn.chengyu.pass.web.LocalizedName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalTime;

/** One of a site's daily sessions, as clients see and write it. */
@Schema(name = "Session", description = "A daily session of a site: its hours (Asia/Shanghai), capacity and whether it needs a booking")
public record SessionView(
        @Schema(description = "Session code, unique at the site", example = "night", required = true)
        @NotNull @Pattern(regexp = Codes.PATTERN, message = Codes.MESSAGE) @Size(max = 20)
        String code,
        @Schema(description = "Name in Chinese and English", required = true)
        @NotNull @Valid
        LocalizedName name,
        @Schema(description = "Opening time (HH:mm)", example = "18:00", required = true)
        @NotNull @Pattern(regexp = OpeningHours.TIME_PATTERN, message = "must be a time as HH:mm")
        String opens,
        @Schema(description = "Closing time (HH:mm); earlier than opens runs past midnight and belongs to the day it opens on",
                example = "01:00", required = true)
        @NotNull @Pattern(regexp = OpeningHours.TIME_PATTERN, message = "must be a time as HH:mm")
        String closes,
        @Schema(description = "Admissions allowed in the session per day, bookings included", example = "20000", required = true)
        @NotNull @Min(0) @Max(1_000_000)
        Integer capacity,
        @Schema(description = "REQUIRED: only visitors who booked the session are admitted", required = true)
        @NotNull
        ReservationRule reservation) {

    SiteSession toSession(String site) {
        SiteSession session = new SiteSession();
        session.siteCode = site;
        session.code = code;
        session.nameZh = name.zh().strip();
        session.nameEn = name.en().strip();
        session.opens = LocalTime.parse(opens);
        session.closes = LocalTime.parse(closes);
        session.capacity = capacity;
        session.reservation = reservation;
        return session;
    }

    static SessionView of(SiteSession session) {
        OpeningHours hours = OpeningHours.of(session.opens, session.closes);
        return new SessionView(session.code, new LocalizedName(session.nameZh, session.nameEn), hours.opens(), hours.closes(),
                session.capacity, session.reservation);
    }
}
