package cn.chengyu.pass.site;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Opening and closing time of one day, local time. */
@Schema(description = "Opening and closing time (HH:mm, Asia/Shanghai). Written without sessions, closes must be after opens; a site with sessions reads the span of its sessions, and closes earlier than opens runs past midnight")
public record OpeningHours(
        @Schema(description = "Opening time", example = "09:00", required = true)
        @NotNull @Pattern(regexp = OpeningHours.TIME_PATTERN, message = "must be a time as HH:mm") String opens,
        @Schema(description = "Closing time", example = "22:00", required = true)
        @NotNull @Pattern(regexp = OpeningHours.TIME_PATTERN, message = "must be a time as HH:mm") String closes) {

    public static final String TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$";
    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("HH:mm");

    public static OpeningHours of(LocalTime opens, LocalTime closes) {
        return new OpeningHours(HOURS.format(opens), HOURS.format(closes));
    }
}
