package cn.chengyu.pass.reservation.rest;

import cn.chengyu.pass.web.Codes;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/** A booking of a session: which site, which business day, which session. */
@Schema(name = "BookingRequest", description = "The session to book")
public record BookingRequest(
        @Schema(description = "Site code", example = "cq-hongyadong", required = true)
        @NotNull @Pattern(regexp = Codes.PATTERN, message = Codes.MESSAGE) @Size(max = 40)
        String site,
        @Schema(description = "Business day (Asia/Shanghai), today to today + 7", example = "2026-10-01", required = true)
        @NotNull
        LocalDate date,
        @Schema(description = "Session code at the site", example = "night", required = true)
        @NotNull @Pattern(regexp = Codes.PATTERN, message = Codes.MESSAGE) @Size(max = 20)
        String session) {
}
