package cn.chengyu.pass.site.rest;

import cn.chengyu.pass.site.Province;
import cn.chengyu.pass.site.Site;
import cn.chengyu.pass.site.SiteStatus;
import cn.chengyu.pass.web.Codes;
import cn.chengyu.pass.web.LocalizedName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.format.DateTimeFormatter;

/** A site as clients see it; {@code PUT /sites/{code}} takes the same shape. */
@Schema(name = "Site", description = "A scenic site whose gates admit the card")
public record SiteView(
        @Schema(description = "Site code: lower-case words joined by '-'; optional in a PUT body, where it must match the path",
                example = "cq-hongyadong")
        @Pattern(regexp = Codes.PATTERN) @Size(max = 40)
        String code,
        @Schema(description = "Name in Chinese and English", required = true)
        @NotNull @Valid
        LocalizedName name,
        @Schema(description = "City", example = "Chongqing", required = true)
        @NotBlank @Size(max = 60)
        String city,
        @Schema(description = "Province-level division", required = true)
        @NotNull
        Province province,
        @Schema(description = "Where the main gate stands (WGS 84)", required = true)
        @NotNull @Valid
        GeoPoint location,
        @Schema(description = "Daily opening hours in Asia/Shanghai local time", required = true)
        @NotNull @Valid
        OpeningHours openingHours,
        @Schema(description = "Admissions allowed per Asia/Shanghai day", example = "60000", required = true)
        @NotNull @Min(0) @Max(1_000_000)
        Integer dailyCapacity,
        @Schema(description = "OPEN, or CLOSED to refuse all entries", required = true)
        @NotNull
        SiteStatus status) {

    private static final String TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$";
    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("HH:mm");

    /** A WGS 84 position. */
    @Schema(description = "A WGS 84 position")
    public record GeoPoint(
            @Schema(description = "Latitude in degrees", example = "29.5632", required = true)
            @NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
            @Schema(description = "Longitude in degrees", example = "106.5792", required = true)
            @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon) {
    }

    /** Opening and closing time of one day, local time. */
    @Schema(description = "Opening and closing time (HH:mm, Asia/Shanghai); closes must be after opens")
    public record OpeningHours(
            @Schema(description = "Opening time", example = "09:00", required = true)
            @NotNull @Pattern(regexp = TIME_PATTERN, message = "must be a time as HH:mm") String opens,
            @Schema(description = "Closing time", example = "22:00", required = true)
            @NotNull @Pattern(regexp = TIME_PATTERN, message = "must be a time as HH:mm") String closes) {
    }

    public static SiteView of(Site site) {
        return new SiteView(site.code, new LocalizedName(site.nameZh, site.nameEn), site.city, site.province,
                new GeoPoint(site.latitude, site.longitude),
                new OpeningHours(HOURS.format(site.opens), HOURS.format(site.closes)),
                site.dailyCapacity, site.status);
    }
}
